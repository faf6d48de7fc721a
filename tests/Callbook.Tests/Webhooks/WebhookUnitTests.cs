using System.Text;
using Callbook.Contacts;
using Callbook.Stores;
using Callbook.Webhooks;

namespace Callbook.Tests.Webhooks;

public sealed class WebhookUnitTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"ev-0123456789abcdef01234567-1","type":"contact.created"}""");

    [Theory]
    [InlineData("https://user:pass@93.184.215.14/h", "user name or password")]
    [InlineData("https://token@crm.example.com/h", "user name or password")]
    [InlineData("https://93.184.215.14:0/h", "port 0")]
    [InlineData("https://crm.example.com/h#part", "#fragment")]
    [InlineData("ftp://crm.example.com/h", "absolute http")]
    public void AWebhookUrlWithCredentialsPortZeroOrAFragmentIsRefused(string url, string reason)
    {
        var error = Callbook.Webhooks.WebhookRules.CheckUrl(url);
        Assert.NotNull(error);
        Assert.Equal("url", error.Field);
        Assert.Contains(reason, error.Msg, StringComparison.Ordinal);
        Assert.Null(Callbook.Webhooks.WebhookRules.CheckUrl("https://crm.example.com:8443/hooks/callbook?k=1"));
    }

    [Fact]
    public void SignatureIsTheHmacTheReadmesOpensslLinePrints()
    {
        // printf '%s.' 1767225600 | cat - body.json | openssl dgst -sha256 -hmac whsec_test -hex
        const string openssl = "7303a28efdc420f86635bf352157b4364489a79079d8b7a2c2e4085ef8a44a25";
        Assert.Equal("v1=" + openssl, WebhookSignature.Sign("whsec_test", 1767225600, Body));
        Assert.True(WebhookSignature.Verify("whsec_test", "1767225600", Body, "v1=" + openssl));
        Assert.False(WebhookSignature.Verify("whsec_test", "1767225601", Body, "v1=" + openssl));
        Assert.False(WebhookSignature.Verify("whsec_other", "1767225600", Body, "v1=" + openssl));
        Assert.Matches("^whsec_[A-Za-z0-9_-]{43}$", WebhookSignature.NewSecret());
    }

    [Fact]
    public void AnyEarlierVersionIsRebuiltFromTheCurrentContactAndItsHistory()
    {
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var v1 = new ContactFields("ann", "lee", "ms", new CellPhone("+", "+911", "+91"), """[{"city":"Pune"}]""", "[]");
        var v2 = v1 with { FirstName = "anne", AddressJson = """[{"city":"Goa"}]""" };
        var history = new List<HistoryEntry>
        {
            new(created.AddMinutes(1), "u-2", "a-2", HistoryOperations.Updated, ContactChanges.Diff(v1, v2)),
            new(created.AddMinutes(2), "u-3", "a-3", HistoryOperations.Deleted, ContactChanges.Status(ContactStatus.Active, ContactStatus.Inactive)),
        };
        var current = new Contact("0123456789abcdef01234567", "st-1", "acc", "o-1", v2, ContactStatus.Inactive, "u-1", "a-1",
            created, created.AddMinutes(2), "u-3", "a-3", Version: 3);

        var first = ContactVersions.At(current, history, 1);
        Assert.Equal(v1 with { AddressJson = """[{"city":"Pune"}]""" }, first.Contact.Fields);
        Assert.Equal((ContactStatus.Active, 1L, created, (string?)null), (first.Contact.Status, first.Contact.Version, first.Contact.UpdatedAt, first.Contact.UpdatedBy));
        Assert.Contains("""{"field":"firstName","before":null,"after":"ann"}""", first.ChangesJson, StringComparison.Ordinal);

        var second = ContactVersions.At(current, history, 2);
        Assert.Equal((v2, ContactStatus.Active, "u-2", created.AddMinutes(1)), (second.Contact.Fields, second.Contact.Status, second.Contact.UpdatedBy, second.Contact.UpdatedAt));
        Assert.Equal(history[0].ChangesJson, second.ChangesJson);

        var third = ContactVersions.At(current, history.Skip(1).ToList(), 3);
        Assert.Equal(current.Fields, third.Contact.Fields);
        Assert.Equal((ContactStatus.Inactive, history[1].ChangesJson), (third.Contact.Status, third.ChangesJson));
    }
}
