using System.Net;
using System.Text.RegularExpressions;
using Callbook.WebConsole;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Callbook.Tests.Privacy;

/// <summary>
/// An erasure reaches the console uploads and error reports kept on every node, not only on the node
/// that erased: two hosts share one database; node A keeps a failed upload and its error report,
/// node B erases a contact of that stream, and node A then neither serves nor imports them, and its
/// sweep deletes them without waiting for their 30 minutes.
/// </summary>
public sealed partial class ErasureOnEveryNodeTests
{
    private const string Password = "node password";

    [Theory, BothBackends]
    public async Task AnErasureOnOneNodeDropsTheUploadsAndReportsKeptOnAnother(string backend)
    {
        Backends.SkipIfUnavailable(backend);
        await using var nodeA = new CallbookFactory(backend);
        await using var nodeB = new CallbookFactory(backend, new Dictionary<string, string?> { ["Callbook:Db"] = nodeA.Db });
        var apiA = await nodeA.NewTenantAsync();
        var apiB = new TenantClient(nodeB.CreateClient(), apiA.Setup);
        var erasable = await apiB.CreateAsync("Erasmus", "Gone", "9812345600");
        var console = await SignInAsync(nodeA, apiA.Setup.AccountId);

        // A failed upload (one good row, one bad) leaves its file and error report on node A.
        var first = await UploadAsync(console, apiA.StreamId, "Hieronyma,Vandersloot,ms,9812345601,+91\nBad,Row,ms,98x,+91\n");
        var report = await console.GetAsync(ReportUrl(apiA.StreamId, first.ReportId), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Contains("Bad", await report.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await apiB.PostAsync($"contacts/{erasable.Str("id")}/erase", "")).StatusCode);

        // Node A did not erase, yet it serves neither the report nor "import the good rows".
        Assert.Equal(HttpStatusCode.NotFound, (await console.GetAsync(ReportUrl(apiA.StreamId, first.ReportId), TestContext.Current.CancellationToken)).StatusCode);
        var goodRows = await PostFormAsync(console, ImportUrl(apiA.StreamId), new MultipartFormDataContent { { new StringContent(first.PendingId), "PendingId" } });
        Assert.Equal(HttpStatusCode.BadRequest, goodRows.StatusCode);
        Assert.Contains("no longer kept", await goodRows.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, await apiA.CountAsync());

        // The sweep deletes what an erasure made stale, on the node that keeps it, at its next round.
        var pending = nodeA.Services.GetRequiredService<PendingImports>();
        await UploadAsync(console, apiA.StreamId, "Hieronyma,Vandersloot,ms,9812345601,+91\nBad,Row,ms,98x,+91\n");
        Assert.Equal(0, await pending.SweepAsync(TestContext.Current.CancellationToken));
        var other = await apiB.CreateAsync("Second", "Erased", "9812345602");
        Assert.Equal(HttpStatusCode.OK, (await apiB.PostAsync($"contacts/{other.Str("id")}/erase", "")).StatusCode);
        Assert.Equal(2, await pending.SweepAsync(TestContext.Current.CancellationToken));
    }

    private static string ImportUrl(string streamId) => $"/console/streams/{streamId}/import";

    private static string ReportUrl(string streamId, string reportId) => $"{ImportUrl(streamId)}?handler=Report&id={reportId}";

    private static async Task<HttpClient> SignInAsync(CallbookFactory node, string accountId)
    {
        var ct = TestContext.Current.CancellationToken;
        var email = $"node-{Guid.NewGuid():N}@example.com";
        var user = await node.Database.ConsoleUsers.CreateUserAsync(email, ConsolePasswords.Hash(Password), ct);
        Assert.True(await node.Database.ConsoleUsers.GrantAsync(user!.Id, accountId, null, ct));
        var client = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await PostFormAsync(client, "/console/signin", new MultipartFormDataContent { { new StringContent(email), "Email" }, { new StringContent(Password), "Password" } });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private static async Task<(string PendingId, string ReportId)> UploadAsync(HttpClient console, string streamId, string rows)
    {
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode\n" + rows));
        file.Headers.ContentType = new("text/csv");
        var answer = await PostFormAsync(console, ImportUrl(streamId), new MultipartFormDataContent { { file, "Upload", "contacts.csv" } });
        var page = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, page);
        return (PendingField().Match(page).Groups[1].Value, ReportLink().Match(page).Groups[1].Value);
    }

    /// <summary>GETs the page for its antiforgery token, then POSTs the form with it.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, MultipartFormDataContent form)
    {
        var page = await client.GetStringAsync(path, TestContext.Current.CancellationToken);
        form.Add(new StringContent(TokenField().Match(page).Groups[1].Value), "__RequestVerificationToken");
        return await client.PostAsync(path, form, TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("name=\"PendingId\" value=\"([0-9a-f]+)\"")]
    private static partial Regex PendingField();

    [GeneratedRegex("handler=Report&amp;id=([0-9a-f]+)")]
    private static partial Regex ReportLink();
}
