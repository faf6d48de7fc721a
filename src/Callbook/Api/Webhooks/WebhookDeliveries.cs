using System.Globalization;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Errors;
using Callbook.Stores;

namespace Callbook.Api.Webhooks;

/// <summary>GET /webhooks/{id}/deliveries (newest first, paged) and POST …/deliveries/{deliveryId}/replay.</summary>
public static class WebhookDeliveries
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static async Task<IResult> ListAsync(string id, HttpRequest request, Caller caller, IWebhookStore store, CancellationToken cancellationToken)
    {
        if (!WebhookResults.IsValidId(id))
        {
            return WebhookResults.InvalidId();
        }
        var errors = new List<ApiError>();
        var limit = DefaultLimit;
        if (request.Query["limit"] is { Count: > 0 } limitText &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors.Add(new ApiError($"limit must be an integer from 1 to {MaxLimit}", ErrorCodes.InvalidQuery, "limit"));
        }
        DeliveryStatus? status = request.Query["status"].ToString() switch
        {
            "" => null,
            "pending" => DeliveryStatus.Pending,
            "delivered" => DeliveryStatus.Delivered,
            "failed" => DeliveryStatus.Failed,
            _ => Invalid(errors, "status must be pending, delivered or failed", "status"),
        };
        long? before = null;
        if (request.Query["cursor"] is { Count: > 0 } cursor)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position > 0)
            {
                before = position;
            }
            else
            {
                errors.Add(new ApiError("cursor must be the nextCursor of a previous page", ErrorCodes.InvalidQuery, "cursor"));
            }
        }
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }
        var page = await store.ListDeliveriesAsync(caller.Scope, id, new DeliveryQuery(status, before, limit), cancellationToken);
        if (page is null)
        {
            return WebhookResults.NotFound(id);
        }
        var next = page.HasMore ? page.Deliveries[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        var body = new DeliveryList([.. page.Deliveries.Select(DeliveryResponse.From)], limit, page.HasMore, next);
        return Results.Json(body, CallbookJson.Context.DeliveryList, contentType: "application/json");
    }

    /// <summary>Queues the delivery again, due now, with a new retry window; the event (id and payload) is the same.</summary>
    public static async Task<IResult> ReplayAsync(string id, string deliveryId, Caller caller, IWebhookStore store, CancellationToken cancellationToken)
    {
        if (!WebhookResults.IsValidId(id))
        {
            return WebhookResults.InvalidId();
        }
        if (!long.TryParse(deliveryId, NumberStyles.None, CultureInfo.InvariantCulture, out var delivery) || delivery <= 0)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "deliveryId must be a delivery's id", ErrorCodes.InvalidId, "deliveryId");
        }
        return await store.ReplayDeliveryAsync(caller.Scope, id, delivery, cancellationToken) is { } replayed
            ? Results.Json(DeliveryResponse.From(replayed), CallbookJson.Context.DeliveryResponse, contentType: "application/json", statusCode: StatusCodes.Status202Accepted)
            : WebhookResults.DeliveryNotFound(delivery);
    }

    private static DeliveryStatus? Invalid(List<ApiError> errors, string msg, string field)
    {
        errors.Add(new ApiError(msg, ErrorCodes.InvalidQuery, field));
        return null;
    }
}
