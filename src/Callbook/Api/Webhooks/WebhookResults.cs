using Callbook.Api.Errors;
using Callbook.Errors;

namespace Callbook.Api.Webhooks;

/// <summary>Answers shared by the webhook endpoints.</summary>
internal static class WebhookResults
{
    /// <summary>wh- and a UUID, as <see cref="Tenancy.Ids.NewWebhookId"/> makes them.</summary>
    public static bool IsValidId(string id) =>
        id.StartsWith("wh-", StringComparison.Ordinal) && Guid.TryParseExact(id.AsSpan(3), "D", out _);

    public static BadRequestError InvalidId() =>
        ApiResults.BadRequest("id must be a webhook id: wh- and a UUID", ErrorCodes.InvalidId, "id");

    public static NotFoundError NotFound(string id) =>
        ApiResults.Error<NotFoundError>($"webhook {id} was not found", ErrorCodes.NotFound, "id");

    public static NotFoundError DeliveryNotFound(long id) =>
        ApiResults.Error<NotFoundError>($"delivery {id} was not found", ErrorCodes.NotFound, "deliveryId");
}
