using System.Text.Json;
using Callbook.Api.Auth;
using Callbook.Api.Contacts;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Errors;
using Callbook.Storage;
using Callbook.Tenancy;
using Callbook.Webhooks;
using Microsoft.Extensions.Options;

namespace Callbook.Api.Webhooks;

/// <summary>POST /webhooks: a subscription with a new signing secret, shown in this answer only.</summary>
public static class CreateWebhook
{
    public static async Task<IResult> HandleAsync(HttpRequest request, Caller caller, IWebhookStore store, ISecretProtector protector,
        JsonBody body, IOptions<WebhookOptions> options, CancellationToken cancellationToken)
    {
        var (document, error) = await body.ReadAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        using (document)
        {
            var errors = new List<ApiError>();
            var (url, events) = Read(document!.RootElement, errors);
            if (errors.Count > 0)
            {
                return ApiResults.BadRequest(errors);
            }
            var secret = WebhookSignature.NewSecret();
            var max = options.Value.MaxPerStream;
            var created = await store.CreateWebhookAsync(caller.Scope.StreamId, new NewWebhook(url!, events, protector.Protect(secret)), max, cancellationToken);
            if (created is null)
            {
                return ApiResults.Error(StatusCodes.Status409Conflict, $"the stream already has {max} webhooks; delete one first", ErrorCodes.LimitReached);
            }
            request.HttpContext.Response.Headers.Location = $"{request.PathBase}{request.Path}/{created.Id}";
            return Results.Json(WebhookResponse.From(created, secret), CallbookJson.Context.WebhookResponse, contentType: "application/json", statusCode: StatusCodes.Status201Created);
        }
    }

    private static (string? Url, WebhookEventTypes Events) Read(JsonElement root, List<ApiError> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ApiError("the body must be a JSON object: {\"url\": \"https://…\", \"events\": [\"contact.created\", …]}", ErrorCodes.InvalidBody));
            return (null, WebhookEventTypes.None);
        }
        string? url = null;
        if (!root.TryGetProperty("url", out var urlElement) || urlElement.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new ApiError("url is required", ErrorCodes.RequiredField, "url"));
        }
        else if (urlElement.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ApiError("url must be a string", ErrorCodes.InvalidField, "url"));
        }
        else if (WebhookRules.CheckUrl(url = urlElement.GetString()!.Trim()) is { } urlError)
        {
            errors.Add(urlError);
        }
        List<string?>? names = null;
        if (root.TryGetProperty("events", out var eventsElement) && eventsElement.ValueKind != JsonValueKind.Null)
        {
            if (eventsElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new ApiError("events must be an array of event types", ErrorCodes.InvalidField, "events"));
                return (url, WebhookEventTypes.None);
            }
            names = [.. eventsElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null)];
        }
        return (url, WebhookRules.ReadEvents(names, errors));
    }
}
