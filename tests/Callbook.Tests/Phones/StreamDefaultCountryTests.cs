using System.Net;
using System.Text.Json;

namespace Callbook.Tests.Phones;

/// <summary>Issue 18 item 3: a stream's default country reads national numbers in caller lookup (the API's write rules stay).</summary>
public sealed class StreamDefaultCountryTests
{
    [Theory, BothBackends]
    public async Task LookupWithoutCountryCodeReadsANationalNumberInTheStreamsCountry(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var ct = TestContext.Current.CancellationToken;
        var agent = await api.CreateAsync("se", "caller", "070-123 45 68", "+46");
        var us = await api.CreateAsync("us", "caller", "(202) 555-0102", "+1");

        var before = Assert.Single(await Bodies.ErrorsAsync(await api.GetAsync("contacts?phone=0701234568"), HttpStatusCode.BadRequest));
        Assert.Contains("countryCode", before.Str("msg"), StringComparison.Ordinal);

        Assert.True(await factory.Database.Tenancy.SetDefaultCountryCodeAsync(api.StreamId, "+46", ct));
        foreach (var (query, expected) in new[]
        {
            ("phone=0701234568", agent), ("phone=" + Uri.EscapeDataString("070 123 45 68"), agent), ("phone=%2B46701234568", agent),
            ("phone=" + Uri.EscapeDataString("(202) 555-0102") + "&countryCode=%2B1", us), ("phone=%2B12025550102", us), ("phone=0012025550102", us),
        })
        {
            var page = await Bodies.ReadAsync(await api.GetAsync("contacts?" + query), HttpStatusCode.OK);
            Assert.True(expected.Str("id") == Assert.Single(page.GetProperty("results").EnumerateArray()).Str("id"), query);
        }

        // Writes still need their country code: the default is for reading lookups, not for the API's records.
        var write = Assert.Single(await Bodies.ErrorsAsync(await api.PostAsync("contacts", Bodies.Contacts(("se", "other", "0701234569", ""))), HttpStatusCode.BadRequest));
        Assert.Equal("cellPhone.countryCode", write.Str("field"));

        Assert.True(await factory.Database.Tenancy.SetDefaultCountryCodeAsync(api.StreamId, null, ct));
        Assert.Single(await Bodies.ErrorsAsync(await api.GetAsync("contacts?phone=0701234568"), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task StreamsCreateUpdateAndListCarryTheDefaultCountry()
    {
        var db = TestDatabases.Create(Backends.Sqlite);
        var (code, stdout, _) = await CallbookProcess.RunAsync("init", "--json", "--db", db);
        Assert.Equal(0, code);
        var account = JsonDocument.Parse(stdout).RootElement.GetProperty("accountId").GetString()!;

        (code, stdout, _) = await CallbookProcess.RunAsync("streams", "create", "--account", account, "--name", "sweden", "--default-country-code", "+46", "--db", db);
        Assert.Equal(0, code);
        var stream = stdout.Trim();
        (code, stdout, _) = await CallbookProcess.RunAsync("streams", "list", "--db", db);
        Assert.Equal(0, code);
        Assert.Contains($"{stream}  account {account}  sweden  default country +46", stdout, StringComparison.Ordinal);
        Assert.Contains("default country none", stdout, StringComparison.Ordinal);

        (code, _, _) = await CallbookProcess.RunAsync("streams", "update", "--stream", stream, "--default-country-code", "1", "--db", db);
        Assert.Equal(0, code);
        (_, stdout, _) = await CallbookProcess.RunAsync("streams", "list", "--account", account, "--db", db);
        Assert.Contains("sweden  default country +1", stdout, StringComparison.Ordinal);

        var (bad, _, error) = await CallbookProcess.RunAsync("streams", "update", "--stream", stream, "--default-country-code", "+999", "--db", db);
        Assert.Equal(1, bad);
        Assert.Contains("not an assigned country calling code", error, StringComparison.Ordinal);
        (bad, _, error) = await CallbookProcess.RunAsync("streams", "update", "--stream", "nope", "--default-country-code", "+46", "--db", db);
        Assert.Equal(1, bad);
        Assert.Contains("no stream nope", error, StringComparison.Ordinal);

        (code, _, _) = await CallbookProcess.RunAsync("streams", "update", "--stream", stream, "--default-country-code", "none", "--db", db);
        Assert.Equal(0, code);
        (_, stdout, _) = await CallbookProcess.RunAsync("streams", "list", "--account", account, "--db", db);
        Assert.Contains("sweden  default country none", stdout, StringComparison.Ordinal);
    }
}
