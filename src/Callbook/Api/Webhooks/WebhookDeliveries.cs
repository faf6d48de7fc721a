using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Api.Requests;
using Callbook.Errors;
using Callbook.Hosting.OpenApi;
using Callbook.Stores;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace Callbook.Api.Webhooks;

/// <summary>GET /webhooks/{id}/deliveries (newest first, paged) and POST …/deliveries/{deliveryId}/replay.</summary>
public static class WebhookDeliveries
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static async Task<Results<JsonOk<DeliveryList>, NotFoundError>> ListAsync(WebhookId id, [AsParameters] DeliveriesQuery query, Caller caller, IWebhookStore store, CancellationToken cancellationToken)
    {
        var (status, before, limit) = (query.StatusValue, query.Before, query.LimitValue);
        var page = await store.ListDeliveriesAsync(caller.Scope, id, new DeliveryQuery(status, before, limit), cancellationToken);
        if (page is null)
        {
            return WebhookResults.NotFound(id);
        }
        var next = page.HasMore ? page.Deliveries[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        var body = new DeliveryList([.. page.Deliveries.Select(DeliveryResponse.From)], limit, page.HasMore, next);
        return new JsonOk<DeliveryList>(body, CallbookJson.Context.DeliveryList);
    }

    /// <summary>Queues the delivery again, due now, with a new retry window; the event (id and payload) is the same.</summary>
    public static async Task<Results<JsonAccepted<DeliveryResponse>, NotFoundError>> ReplayAsync(WebhookId id, DeliveryId deliveryId, Caller caller, IWebhookStore store, CancellationToken cancellationToken)
    {
        var delivery = deliveryId.Value;
        return await store.ReplayDeliveryAsync(caller.Scope, id, delivery, cancellationToken) is { } replayed
            ? new JsonAccepted<DeliveryResponse>(DeliveryResponse.From(replayed), CallbookJson.Context.DeliveryResponse)
            : WebhookResults.DeliveryNotFound(delivery);
    }
}

/// <summary>The query of a deliveries list, checked before the handler runs (400 <c>INVALID_QUERY_PARAMETER</c>, every problem at once).</summary>
public sealed class DeliveriesQuery : IRequestPart
{
    [FromQuery(Name = "limit"), Description("Page size, 1 to 100, default 20."), SchemaDefault(WebhookDeliveries.DefaultLimit), Range(1, WebhookDeliveries.MaxLimit)]
    public StringValues? Limit { get; init; }

    [FromQuery(Name = "status"), Description("Only deliveries in this state."), AllowedValues("pending", "delivered", "failed")]
    public StringValues? Status { get; init; }

    [FromQuery(Name = "cursor"), Description("The nextCursor of the previous page."), SchemaPattern("^[1-9][0-9]*$")]
    public StringValues? Cursor { get; init; }

    /// <summary>Page size (read).</summary>
    public int LimitValue { get; private set; } = WebhookDeliveries.DefaultLimit;

    /// <summary>Only this state, or null for all (read).</summary>
    public DeliveryStatus? StatusValue { get; private set; }

    /// <summary>Deliveries older than this id, or null for the first page (read).</summary>
    public long? Before { get; private set; }

    public ValueTask<ErrorResult?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new List<ApiError>();
        if (Limit is { Count: > 0 } limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > WebhookDeliveries.MaxLimit)
            {
                errors.Add(new ApiError($"limit must be an integer from 1 to {WebhookDeliveries.MaxLimit}", ErrorCodes.InvalidQuery, "limit"));
            }
            LimitValue = limit;
        }
        StatusValue = (Status ?? StringValues.Empty).ToString() switch
        {
            "" => null,
            "pending" => DeliveryStatus.Pending,
            "delivered" => DeliveryStatus.Delivered,
            "failed" => DeliveryStatus.Failed,
            _ => Invalid(errors, "status must be pending, delivered or failed", "status"),
        };
        if (Cursor is { Count: > 0 } cursor)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var position) && position > 0)
            {
                Before = position;
            }
            else
            {
                errors.Add(new ApiError("cursor must be the nextCursor of a previous page", ErrorCodes.InvalidQuery, "cursor"));
            }
        }
        return ValueTask.FromResult<ErrorResult?>(errors.Count > 0 ? ApiResults.BadRequest(errors) : null);
    }

    private static DeliveryStatus? Invalid(List<ApiError> errors, string msg, string field)
    {
        errors.Add(new ApiError(msg, ErrorCodes.InvalidQuery, field));
        return null;
    }
}
