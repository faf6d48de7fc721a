using System.Data.Common;
using Callbook.Stores;
using Callbook.Webhooks;

namespace Callbook.Storage.Webhooks;

/// <summary>Mapping between the webhook tables and their records; the same columns on both backends.</summary>
internal static class WebhookRows
{
    public const string WebhookColumns = "id, stream_id, url, events, secret, created_at, active, previous_secret, previous_secret_until";

    public const string DeliveryColumns =
        "id, webhook_id, stream_id, contact_id, version, event_type, occurred_at, status, attempts, queued_at, " +
        "next_attempt_at, last_error, last_status, completed_at";

    public const string Pending = "pending";

    /// <summary>Longest last_error kept.</summary>
    public const int MaxErrorLength = 500;

    public static WebhookSubscription ReadWebhook(DbDataReader r) => new(
        Id: r.GetString(0),
        StreamId: r.GetString(1),
        Url: r.GetString(2),
        Events: (WebhookEventTypes)r.GetInt32(3),
        ProtectedSecret: r.GetString(4),
        CreatedAt: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
        Active: r.GetInt64(6) != 0,
        PreviousProtectedSecret: r.IsDBNull(7) ? null : r.GetString(7),
        PreviousSecretUntil: r.IsDBNull(8) ? null : Time(r.GetInt64(8)));

    public static WebhookDelivery ReadDelivery(DbDataReader r) => new(
        Id: r.GetInt64(0),
        WebhookId: r.GetString(1),
        StreamId: r.GetString(2),
        ContactId: r.GetString(3),
        Version: r.GetInt64(4),
        EventType: r.GetString(5),
        OccurredAt: Time(r.GetInt64(6)),
        Status: ParseStatus(r.GetString(7)),
        Attempts: r.GetInt32(8),
        QueuedAt: Time(r.GetInt64(9)),
        NextAttemptAt: Time(r.GetInt64(10)),
        LastError: r.IsDBNull(11) ? null : r.GetString(11),
        LastStatusCode: r.IsDBNull(12) ? null : r.GetInt32(12),
        CompletedAt: r.IsDBNull(13) ? null : Time(r.GetInt64(13)));

    public static string StatusName(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => "delivered",
        DeliveryStatus.Failed => "failed",
        _ => Pending,
    };

    public static DeliveryStatus ParseStatus(string value) => value switch
    {
        "delivered" => DeliveryStatus.Delivered,
        "failed" => DeliveryStatus.Failed,
        _ => DeliveryStatus.Pending,
    };

    public static string? Truncate(string? error) => error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error;

    /// <summary>Wanted versions by contact: the lowest version asked for each contact.</summary>
    public static Dictionary<string, long> LowestVersions(IReadOnlyList<ContactVersionRef> wanted)
    {
        var lowest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (contactId, version) in wanted)
        {
            lowest[contactId] = lowest.TryGetValue(contactId, out var seen) ? Math.Min(seen, version) : version;
        }
        return lowest;
    }

    /// <summary>How many of the newest history rows rebuild <paramref name="version"/> of a contact now at <paramref name="current"/>.</summary>
    public static long HistoryNeeded(long current, long version) => Math.Max(0, current - Math.Max(version, 2) + 1);

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
