using System.Text.Json;
using Callbook.Api.Json;
using Callbook.Contacts;
using Callbook.Stores;

namespace Callbook.Dispatch;

/// <summary>The JSON body of every webhook POST.</summary>
/// <param name="Id">The event id, the same on every attempt and for every subscription: de-duplicate on it.</param>
/// <param name="Type">contact.created, contact.updated, contact.deleted or contact.restored (contact.erased: see <see cref="ErasedPayload"/>).</param>
/// <param name="OccurredAt">When the change was made: UTC, ISO 8601 with milliseconds.</param>
/// <param name="StreamId">The stream of the contact.</param>
/// <param name="Contact">The contact right after the change, as the contacts API returns it.</param>
/// <param name="Changes">[{"field","before","after"}] as in the contact's history; for contact.created, every field from null.</param>
public sealed record WebhookPayload(string Id, string Type, string OccurredAt, string StreamId, ContactResponse Contact, RawJson Changes)
{
    /// <summary>The body for a delivery, its contact rebuilt at the delivery's version.</summary>
    public static byte[] Serialize(WebhookDelivery delivery, ContactChangeSource source)
    {
        var version = ContactVersions.At(source.Current, source.Newest, delivery.Version);
        var payload = new WebhookPayload(delivery.EventId, delivery.EventType, ContactResponse.Timestamp(delivery.OccurredAt), delivery.StreamId,
            ContactResponse.From(version.Contact), new RawJson(version.ChangesJson));
        return JsonSerializer.SerializeToUtf8Bytes(payload, CallbookJson.Context.WebhookPayload);
    }
}

/// <summary>
/// The body of a <c>contact.erased</c> event: the contact's data is gone, so the event names the
/// contact only (<c>{"id","status":"ERASED"}</c>) and carries no changes. A receiver keeping copies
/// deletes its own.
/// </summary>
public sealed record ErasedPayload(string Id, string Type, string OccurredAt, string StreamId, ErasedPayload.ErasedContactRef Contact, RawJson Changes)
{
    /// <param name="Status">Always <c>ERASED</c>.</param>
    public sealed record ErasedContactRef(string Id, string Status);

    public static byte[] Serialize(WebhookDelivery delivery)
    {
        var payload = new ErasedPayload(delivery.EventId, delivery.EventType, ContactResponse.Timestamp(delivery.OccurredAt), delivery.StreamId,
            new ErasedContactRef(delivery.ContactId, Api.Contacts.ErasedContactResponse.ErasedStatus), new RawJson("[]"));
        return JsonSerializer.SerializeToUtf8Bytes(payload, CallbookJson.Context.ErasedPayload);
    }
}
