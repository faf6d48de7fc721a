using System.Net;
using Callbook.Dispatch;
using Callbook.Stores;
using Callbook.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Callbook.Tests.Webhooks;

/// <summary>
/// Webhooks go to public addresses only, unless the operator allows more: refused when a subscription is
/// made or changed (400 naming the reason) and again on every connection (the address dialled), so a
/// name that resolves elsewhere later (DNS rebinding) gets nothing.
/// </summary>
public sealed class WebhookAddressTests
{
    /// <summary>Addresses of every refused kind, and the words the refusal uses.</summary>
    public static TheoryData<string, string> Refused => new()
    {
        { "127.0.0.1", "loopback" },
        { "127.255.0.9", "loopback" },
        { "10.0.0.5", "private" },
        { "172.16.4.4", "private" },
        { "192.168.1.1", "private" },
        { "169.254.169.254", "link-local" },
        { "100.64.0.1", "carrier-grade NAT" },
        { "0.0.0.0", "unspecified" },
        { "224.0.0.1", "multicast" },
        { "255.255.255.255", "broadcast" },
        { "240.0.0.1", "reserved" },
        { "192.0.2.10", "documentation" },
        { "198.18.0.1", "benchmarking" },
        { "::1", "loopback" },
        { "::", "unspecified" },
        { "fd00::1", "unique-local" },
        { "fe80::1", "link-local" },
        { "ff02::1", "multicast" },
        { "2001:db8::1", "documentation" },
        { "::ffff:127.0.0.1", "loopback" },
        { "::ffff:10.0.0.5", "private" },
        { "::ffff:169.254.169.254", "link-local" },
        { "64:ff9b::a00:5", "private" },
        { "2002:a00:5::1", "private" },
    };

    [Theory, MemberData(nameof(Refused))]
    public void NonPublicAddressesAreRefusedWithTheirReason(string address, string reason)
    {
        var refusal = WebhookAddressPolicy.PublicOnly.Refusal(IPAddress.Parse(address));
        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
        Assert.Null(new WebhookAddressPolicy(true, []).Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void PublicAddressesAreAccepted(string address) =>
        Assert.Null(WebhookAddressPolicy.PublicOnly.Refusal(IPAddress.Parse(address)));

    [Fact]
    public void AnAllowListOpensOnlyItsNetworks()
    {
        var policy = new WebhookAddressPolicy(false, [IPNetwork.Parse("10.20.0.0/16"), IPNetwork.Parse("::1/128")]);
        Assert.Null(policy.Refusal(IPAddress.Parse("10.20.3.4")));
        Assert.Null(policy.Refusal(IPAddress.Parse("::ffff:10.20.3.4")));
        Assert.Null(policy.Refusal(IPAddress.Parse("::1")));
        Assert.NotNull(policy.Refusal(IPAddress.Parse("10.21.0.1")));
        Assert.NotNull(policy.Refusal(IPAddress.Parse("127.0.0.1")));
    }

    [Theory, BothBackends]
    public async Task CreateAndPatchRefuseInternalUrlsNamingTheReason(string backend)
    {
        Backends.SkipIfUnavailable(backend);
        await using var factory = new CallbookFactory(backend, CallbookFactory.PublicWebhooksOnly);
        var api = await factory.NewTenantAsync();
        var (id, _) = await api.SubscribeAsync("https://8.8.8.8/hook");
        foreach (var (url, reason) in new[]
        {
            ("http://127.0.0.1:9/hook", "loopback"), ("http://10.0.0.5/", "private"), ("http://169.254.169.254/latest/meta-data/", "link-local"),
            ("http://[::1]:8080/", "loopback"), ("http://[::ffff:127.0.0.1]/", "loopback"), ("http://100.64.0.1/", "carrier-grade NAT"),
            ("http://[fd00::1]/", "unique-local"), ("http://[fe80::1]/", "link-local"), ("http://224.0.0.1/", "multicast"),
            ("http://0.0.0.0/", "unspecified"), ("http://localhost:9/", "loopback"), ("http://2130706433/", "loopback"),
        })
        {
            foreach (var answer in new[] { await api.PostAsync("webhooks", $$"""{"url":"{{url}}"}"""), await api.SendAsync(HttpMethod.Patch, "webhooks/" + id, $$"""{"url":"{{url}}"}""") })
            {
                var error = Assert.Single(await Bodies.ErrorsAsync(answer, HttpStatusCode.BadRequest));
                Assert.Equal(("INVALID_FIELD", "url"), (error.Str("code"), error.Str("field")));
                Assert.Contains(reason, error.Str("msg"), StringComparison.Ordinal);
            }
        }
        Assert.Contains("does not resolve", (await Bodies.ErrorsAsync(await api.PostAsync("webhooks", """{"url":"http://no-such-host.invalid/"}"""), HttpStatusCode.BadRequest))[0].Str("msg"), StringComparison.Ordinal);
        var list = await Bodies.ReadAsync(await api.GetAsync("webhooks"), HttpStatusCode.OK);
        Assert.Equal(["https://8.8.8.8/hook"], list.GetProperty("results").EnumerateArray().Select(w => w.Str("url")));
    }

    [Fact]
    public async Task EveryConnectionChecksTheAddressItDials()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var options = Options.Create(new WebhookOptions { RequestTimeout = TimeSpan.FromSeconds(5) });
        using var refusing = new WebhookSender(options, WebhookAddressPolicy.PublicOnly, TimeProvider.System);
        using var allowing = new WebhookSender(options, new WebhookAddressPolicy(false, [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")]), TimeProvider.System);
        var body = """{"id":"ev-1"}"""u8.ToArray();
        var ct = TestContext.Current.CancellationToken;

        foreach (var url in new[] { receiver.Url, $"http://localhost:{receiver.Port}{receiver.Path}" })
        {
            var refused = await refusing.SendAsync(new Uri(url), ["whsec_x"], "ev-1", "contact.created", body, 1, ct);
            Assert.False(refused.Delivered);
            Assert.Contains("refused", refused.Error, StringComparison.Ordinal);
            Assert.Contains("loopback", refused.Error, StringComparison.Ordinal);
        }
        Assert.Equal(0, receiver.Attempts);
        Assert.True((await allowing.SendAsync(new Uri(receiver.Url), ["whsec_x"], "ev-1", "contact.created", body, 1, ct)).Delivered);
        Assert.Equal(1, receiver.Attempts);
    }

    /// <summary>A subscription whose URL was accepted once (here written straight to the store) is still refused when its address is not public.</summary>
    [Theory, BothBackends]
    public async Task TheDispatcherRefusesAnInternalAddressAcceptedEarlier(string backend)
    {
        Backends.SkipIfUnavailable(backend);
        await using var factory = new CallbookFactory(backend, CallbookFactory.PublicWebhooksOnly);
        await using var receiver = await WebhookReceiver.StartAsync();
        var api = await factory.NewTenantAsync();
        var protector = factory.Services.GetRequiredService<Callbook.Tenancy.ISecretProtector>();
        var webhook = await factory.Database.Webhooks.CreateWebhookAsync(api.Setup.Scope,
            new NewWebhook($"http://localhost:{receiver.Port}{receiver.Path}", WebhookEventTypes.All, protector.Protect("whsec_x")), 10, TestContext.Current.CancellationToken);

        await api.CreateAsync("Rebind", "Target", "7300001");
        var deliveries = await api.WaitForDeliveriesAsync(webhook!.Id, d => d.Length == 1 && d[0].GetProperty("attempts").GetInt32() > 0);
        Assert.Contains("refused", deliveries[0].Str("lastError"), StringComparison.Ordinal);
        Assert.Equal(0, receiver.Attempts);
    }
}
