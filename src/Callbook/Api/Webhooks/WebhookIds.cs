using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Callbook.Api.Errors;
using Callbook.Api.Requests;
using Callbook.Errors;
using Callbook.Hosting.OpenApi;
using Microsoft.AspNetCore.Http.Metadata;

namespace Callbook.Api.Webhooks;

/// <summary>The <c>{id}</c> of a webhook route, bound as written; one that is not wh- and a UUID is answered 400 <c>INVALID_ID</c> before the handler runs.</summary>
[Description("The webhook id: wh- and a UUID.")]
public readonly record struct WebhookId(string Value) : IRequestPart, IEndpointParameterMetadataProvider
{
    /// <summary>Always succeeds: a malformed id gets Callbook's own 400.</summary>
    public static bool TryParse(string? value, out WebhookId id)
    {
        id = new WebhookId(value ?? "");
        return true;
    }

    public ValueTask<ErrorResult?> ReadAsync(HttpContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ErrorResult?>(WebhookResults.IsValidId(Value) ? null : WebhookResults.InvalidId());

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        ErrorResult.Document(builder, StatusCodes.Status400BadRequest);

    public static implicit operator string(WebhookId id) => id.Value;

    public override string ToString() => Value;
}

/// <summary>The <c>{deliveryId}</c> of a replay, bound as written; one that is not a positive whole number is answered 400 <c>INVALID_ID</c>.</summary>
[Description("The delivery id (a positive integer) from the deliveries list.")]
[SchemaPattern("^[1-9][0-9]*$")]
public readonly record struct DeliveryId(string Text) : IRequestPart, IEndpointParameterMetadataProvider
{
    /// <summary>The id; 0 until <see cref="ReadAsync"/> has accepted it.</summary>
    public long Value => long.TryParse(Text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : 0;

    /// <summary>Always succeeds: a malformed id gets Callbook's own 400.</summary>
    public static bool TryParse(string? value, out DeliveryId id)
    {
        id = new DeliveryId(value ?? "");
        return true;
    }

    public ValueTask<ErrorResult?> ReadAsync(HttpContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ErrorResult?>(Value > 0 ? null
            : ApiResults.BadRequest("deliveryId must be a delivery's id", ErrorCodes.InvalidId, "deliveryId"));

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        ErrorResult.Document(builder, StatusCodes.Status400BadRequest);

    public override string ToString() => Text;
}
