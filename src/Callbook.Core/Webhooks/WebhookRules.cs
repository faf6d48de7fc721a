using Callbook.Errors;

namespace Callbook.Webhooks;

/// <summary>What a subscription may ask for: the same rules for the API and the command line.</summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 2048;

    /// <summary>An absolute http or https URL of at most <see cref="MaxUrlLength"/> characters; null when fine.</summary>
    public static ApiError? CheckUrl(string url)
    {
        if (url.Length == 0)
        {
            return new ApiError("url is required", ErrorCodes.RequiredField, "url");
        }
        if (url.Length > MaxUrlLength)
        {
            return new ApiError($"url may have at most {MaxUrlLength} characters", ErrorCodes.InvalidField, "url");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return new ApiError("url must be an absolute http:// or https:// URL", ErrorCodes.InvalidField, "url");
        }
        if (uri.UserInfo.Length > 0)
        {
            // Credentials in a URL end up in responses, logs and proxies: receivers authenticate by the signature.
            return new ApiError("url must not carry a user name or password (user:pass@); verify the Callbook-Signature header instead", ErrorCodes.InvalidField, "url");
        }
        if (uri.Port == 0)
        {
            return new ApiError("url must not name port 0", ErrorCodes.InvalidField, "url");
        }
        return uri.Fragment.Length > 0 ? new ApiError("url must not carry a #fragment", ErrorCodes.InvalidField, "url") : null;
    }

    /// <summary>
    /// The URL's host resolved now and judged by <paramref name="policy"/>: null when every address is
    /// accepted, else an error naming the address and why it is refused. Call after <see cref="CheckUrl"/>.
    /// </summary>
    public static async Task<ApiError?> CheckAddressAsync(string url, WebhookAddressPolicy policy, CancellationToken cancellationToken)
    {
        if (policy.AllowAll)
        {
            return null;
        }
        var (_, refusal) = await policy.ResolveAsync(new Uri(url).IdnHost, cancellationToken);
        return refusal is null ? null : new ApiError("url is refused: " + refusal, ErrorCodes.InvalidField, "url");
    }

    /// <summary>The event types named; every type when <paramref name="names"/> is null. Unknown names and an empty list are errors.</summary>
    public static WebhookEventTypes ReadEvents(IReadOnlyList<string?>? names, List<ApiError> errors)
    {
        if (names is null)
        {
            return WebhookEventTypes.All;
        }
        if (names.Count == 0)
        {
            errors.Add(new ApiError("events must name at least one event type: " + string.Join(", ", WebhookEvents.Names), ErrorCodes.InvalidField, "events"));
            return WebhookEventTypes.None;
        }
        var events = WebhookEventTypes.None;
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] is { } name && WebhookEvents.Parse(name) is { } type)
            {
                events |= type;
            }
            else
            {
                errors.Add(new ApiError("unknown event type; expected one of " + string.Join(", ", WebhookEvents.Names), ErrorCodes.InvalidField, "events", i));
            }
        }
        return events;
    }
}
