using System.Text.Json;
using Callbook.Api.Errors;
using Callbook.Api.Requests;
using Callbook.Errors;
using Callbook.Stores;
using Callbook.Webhooks;

namespace Callbook.Api.Webhooks;

/// <summary>The body of POST /webhooks, read by <see cref="WebhookBody"/>: any problem is a 400 listing every one.</summary>
public sealed class NewWebhookBody : JsonRequestBody<NewWebhookBody, WebhookInput>
{
    /// <summary>The URL, checked (read).</summary>
    public string? Url { get; private set; }

    /// <summary>The event types; all of them when the body names none (read).</summary>
    public WebhookEventTypes? Events { get; private set; }

    protected override async ValueTask<ErrorResult?> ReadAsync(JsonElement root, IServiceProvider services, CancellationToken cancellationToken)
    {
        var errors = new List<ApiError>();
        (Url, Events, _) = await WebhookBody.ReadAsync(root, patch: false, services.GetRequiredService<WebhookAddressPolicy>(), errors, cancellationToken);
        return errors.Count > 0 ? ApiResults.BadRequest(errors) : null;
    }
}

/// <summary>The body of PATCH /webhooks/{id}, read by <see cref="WebhookBody"/>: any problem is a 400 listing every one.</summary>
public sealed class WebhookPatchBody : JsonRequestBody<WebhookPatchBody, WebhookPatch>
{
    /// <summary>What to change (read).</summary>
    public WebhookChange Change { get; private set; } = new(null, null, null);

    protected override async ValueTask<ErrorResult?> ReadAsync(JsonElement root, IServiceProvider services, CancellationToken cancellationToken)
    {
        var errors = new List<ApiError>();
        Change = await WebhookBody.ReadAsync(root, patch: true, services.GetRequiredService<WebhookAddressPolicy>(), errors, cancellationToken);
        return errors.Count > 0 ? ApiResults.BadRequest(errors) : null;
    }
}


/// <summary>
/// Reads the body of POST /webhooks (url required) and PATCH /webhooks/{id} (url, events, active, each
/// optional, at least one): the same rules for both, the URL's addresses judged by the
/// <see cref="WebhookAddressPolicy"/>.
/// </summary>
internal static class WebhookBody
{
    /// <summary>What the body asks for; every error is added to <paramref name="errors"/>.</summary>
    public static async Task<WebhookChange> ReadAsync(JsonElement root, bool patch, WebhookAddressPolicy policy, List<ApiError> errors, CancellationToken cancellationToken)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ApiError(patch
                ? "the body must be a JSON object with any of url, events and active"
                : "the body must be a JSON object: {\"url\": \"https://…\", \"events\": [\"contact.created\", …]}", ErrorCodes.InvalidBody));
            return new WebhookChange(null, null, null);
        }
        var url = ReadUrl(root, required: !patch, errors);
        if (url is not null && errors.Count == 0 && await WebhookRules.CheckAddressAsync(url, policy, cancellationToken) is { } refused)
        {
            errors.Add(refused);
        }
        var events = ReadEvents(root, patch, errors);
        bool? active = null;
        if (root.TryGetProperty("active", out var activeElement) && activeElement.ValueKind != JsonValueKind.Null)
        {
            if (!patch)
            {
                errors.Add(new ApiError("a new subscription is active; pause it with PATCH", ErrorCodes.InvalidField, "active"));
            }
            else if (activeElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                active = activeElement.GetBoolean();
            }
            else
            {
                errors.Add(new ApiError("active must be true or false", ErrorCodes.InvalidField, "active"));
            }
        }
        if (patch && errors.Count == 0 && url is null && events is null && active is null)
        {
            errors.Add(new ApiError("nothing to change: give url, events or active", ErrorCodes.EmptyRequest));
        }
        return new WebhookChange(url, events, active);
    }

    private static string? ReadUrl(JsonElement root, bool required, List<ApiError> errors)
    {
        if (!root.TryGetProperty("url", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new ApiError("url is required", ErrorCodes.RequiredField, "url"));
            }
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ApiError("url must be a string", ErrorCodes.InvalidField, "url"));
            return null;
        }
        var url = element.GetString()!.Trim();
        if (WebhookRules.CheckUrl(url) is { } error)
        {
            errors.Add(error);
            return null;
        }
        return url;
    }

    /// <summary>The events named; every type for a new subscription without "events", null for a PATCH without it.</summary>
    private static WebhookEventTypes? ReadEvents(JsonElement root, bool patch, List<ApiError> errors)
    {
        List<string?>? names = null;
        if (root.TryGetProperty("events", out var element) && element.ValueKind != JsonValueKind.Null)
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new ApiError("events must be an array of event types", ErrorCodes.InvalidField, "events"));
                return null;
            }
            names = [.. element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null)];
        }
        else if (patch)
        {
            return null;
        }
        return WebhookRules.ReadEvents(names, errors);
    }
}

/// <summary>The body of POST /webhooks.</summary>
/// <param name="Url">Absolute http:// or https:// URL, at most 2048 characters: where events are POSTed. Its host must resolve to public addresses only (unless the operator allows private networks).</param>
/// <param name="Events">Any of contact.created, contact.updated, contact.deleted, contact.restored, contact.erased; all of them when absent.</param>
public sealed record WebhookInput(string Url, IReadOnlyList<string>? Events);

/// <summary>The body of PATCH /webhooks/{id}: any of the fields, at least one.</summary>
/// <param name="Url">A new URL, checked as on creation.</param>
/// <param name="Events">The new event types (replaces the list).</param>
/// <param name="Active">false pauses the subscription (no event is queued for it, nothing pending is sent); true resumes it.</param>
public sealed record WebhookPatch(string? Url, IReadOnlyList<string>? Events, bool? Active);
