using Callbook.Webhooks;

namespace Callbook.Dispatch;

/// <summary>Webhook delivery, section "Callbook:Webhooks". Times are TimeSpans ("00:00:10").</summary>
public sealed class WebhookOptions
{
    /// <summary>Run the dispatcher on this node (every node may; they share the work).</summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>One POST may take this long, connecting included; then it counts as failed.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A failing delivery is retried for at least this long after it was queued, then abandoned.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The wait after the first failure; it doubles with each further one (with jitter), up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>POSTs in flight per subscription and node: a slow receiver holds at most this many.</summary>
    public int ConcurrencyPerSubscription { get; set; } = 8;

    /// <summary>How often the dispatcher looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed delivery stays reserved for its node; see <see cref="EffectiveLease"/>.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Delivered and abandoned deliveries are kept this long for the deliveries endpoint.</summary>
    public TimeSpan RetainFinished { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Most live subscriptions per stream (each one multiplies the outbox rows of every change).</summary>
    public int MaxPerStream { get; set; } = 10;

    /// <summary>
    /// Send to every address, private ones included (on-premises receivers). Off by default: only public
    /// addresses, see <see cref="WebhookAddressPolicy"/>.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Networks in CIDR notation ("10.20.0.0/16", "::1/128") accepted even though private: a narrower opening than <see cref="AllowPrivateNetworks"/>.</summary>
    public IList<string> AllowedNetworks { get; } = [];

    /// <summary>After a secret rotation, deliveries are signed with the replaced secret too for this long (default 24 h; a rotation may ask for less).</summary>
    public TimeSpan SecretRotationGrace { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The address policy these settings describe; throws <see cref="FormatException"/> on a malformed network.</summary>
    public WebhookAddressPolicy AddressPolicy() =>
        new(AllowPrivateNetworks, [.. AllowedNetworks.Select(n => System.Net.IPNetwork.Parse(n.Trim()))]);

    /// <summary>Deliveries claimed per subscription and node at a time: four rounds of POSTs.</summary>
    public int ClaimBatch => Math.Max(1, ConcurrencyPerSubscription) * 4;

    /// <summary>
    /// <see cref="Lease"/>, but never shorter than a claimed batch can take when every POST times
    /// out (four rounds) plus two more timeouts: a lease never ends while its node still works on it.
    /// </summary>
    public TimeSpan EffectiveLease => Lease > RequestTimeout * 6 ? Lease : RequestTimeout * 6;
}
