using System.Net;
using System.Net.Sockets;

namespace Callbook.Webhooks;

/// <summary>
/// Which IP addresses a webhook may be sent to. By default only public unicast addresses: the
/// special-purpose ranges of the IANA IPv4 and IPv6 registries (RFC 6890 and its updates) are
/// refused, so an app holding the Configuration scope cannot make the server call loopback, the
/// private networks (RFC 1918, IPv6 unique-local), link-local addresses (the cloud metadata service at
/// 169.254.169.254 among them), CGNAT space (RFC 6598), multicast, broadcast or documentation and
/// benchmarking ranges. An IPv4 address embedded in IPv6 (IPv4-mapped, IPv4-compatible, NAT64
/// 64:ff9b::/96, 6to4) is judged as that IPv4 address. Addresses inside a configured allow-list are
/// accepted whatever their range; <see cref="AllowAll"/> turns the check off (on-premises receivers).
/// The check is applied to the URL's addresses when a subscription is made or changed, and to the
/// address actually dialled by every connection (the sender's connect callback).
/// </summary>
public sealed class WebhookAddressPolicy
{
    /// <summary>Refused ranges and why; the first match names the reason.</summary>
    private static readonly (IPNetwork Network, string Reason)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified (\"this network\") address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address (RFC 1918)"),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT address (RFC 6598)"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address (cloud metadata services live here)"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address (RFC 1918)"),
        (IPNetwork.Parse("192.0.0.0/24"), "an IETF protocol assignment address"),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation address"),
        (IPNetwork.Parse("192.88.99.0/24"), "a 6to4 relay anycast address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address (RFC 1918)"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking address"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation address"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("255.255.255.255/32"), "the broadcast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved address"),
        (IPNetwork.Parse("::/128"), "the unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "a local-use NAT64 address"),
        (IPNetwork.Parse("100::/64"), "a discard-only address"),
        (IPNetwork.Parse("2001::/32"), "a Teredo tunnel address"),
        (IPNetwork.Parse("2001:2::/48"), "a benchmarking address"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation address"),
        (IPNetwork.Parse("3fff::/20"), "a documentation address"),
        (IPNetwork.Parse("5f00::/16"), "a segment-routing address"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local address (IPv6 private network)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("fec0::/10"), "a site-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork V4Compatible = IPNetwork.Parse("::/96");

    private readonly IReadOnlyList<IPNetwork> allowed;

    /// <param name="allowAll">Accept every address (the check is off).</param>
    /// <param name="allowed">Networks accepted even inside a refused range (an on-premises receiver's subnet, loopback for tests).</param>
    public WebhookAddressPolicy(bool allowAll, IReadOnlyList<IPNetwork> allowed)
    {
        AllowAll = allowAll;
        this.allowed = allowed;
    }

    /// <summary>Public addresses only, no exception.</summary>
    public static WebhookAddressPolicy PublicOnly { get; } = new(false, []);

    public bool AllowAll { get; }

    /// <summary>Null when webhooks may be sent to <paramref name="address"/>; else why not ("a loopback address").</summary>
    public string? Refusal(IPAddress address)
    {
        if (AllowAll)
        {
            return null;
        }
        var judged = Embedded(address);
        if (allowed.Any(n => n.Contains(address) || n.Contains(judged)))
        {
            return null;
        }
        foreach (var (network, reason) in Refused)
        {
            if (network.BaseAddress.AddressFamily == judged.AddressFamily && network.Contains(judged))
            {
                return judged.Equals(address) ? reason : $"{reason}, embedded in an IPv6 address";
            }
        }
        return null;
    }

    /// <summary>
    /// The addresses of <paramref name="host"/> (an IP literal or a name, resolved now) when every one
    /// of them is accepted; otherwise the refusal, naming the address and its range.
    /// </summary>
    public async Task<(IPAddress[] Addresses, string? Refusal)> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException)
            {
                return ([], $"the host name {host} does not resolve");
            }
            if (addresses.Length == 0)
            {
                return ([], $"the host name {host} has no address");
            }
        }
        foreach (var address in addresses)
        {
            if (Refusal(address) is { } reason)
            {
                var name = literal is null ? $"{host} resolves to {address}, which is" : $"{address} is";
                return (addresses, $"{name} {reason}; webhooks go to public addresses only (see Callbook:Webhooks:AllowedNetworks)");
            }
        }
        return (addresses, null);
    }

    /// <summary>The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), else the address itself.</summary>
    private static IPAddress Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address) || (V4Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback)))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }
        return SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : address;
    }
}
