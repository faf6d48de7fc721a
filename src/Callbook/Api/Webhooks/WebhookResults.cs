using Callbook.Api.Errors;
using Callbook.Errors;

namespace Callbook.Api.Webhooks;

/// <summary>Answers shared by the webhook endpoints.</summary>
internal static class WebhookResults
{
    /// <summary>wh- and a UUID, as <see cref="Tenancy.Ids.NewWebhookId"/> makes them.</summary>
    public static bool IsValidId(string id) =>
        id.StartsWith("wh-", StringComparison.Ordinal) && Guid.TryParseExact(id.AsSpan(3), "D", out _);

    public static IResult InvalidId() =>
        ApiResults.Error(StatusCodes.Status400BadRequest, "id must be a webhook id: wh- and a UUID", ErrorCodes.InvalidId, "id");

    public static IResult NotFound(string id) =>
        ApiResults.Error(StatusCodes.Status404NotFound, $"webhook {id} was not found", ErrorCodes.NotFound, "id");

    public static IResult DeliveryNotFound(long id) =>
        ApiResults.Error(StatusCodes.Status404NotFound, $"delivery {id} was not found", ErrorCodes.NotFound, "deliveryId");
}
