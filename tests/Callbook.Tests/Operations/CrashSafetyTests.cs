using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Operations;

/// <summary>
/// The real executable killed with SIGKILL mid-write, restarted on the same database: an import is
/// wholly there or wholly absent, no record is torn, every acknowledged change survived, and the
/// database passes its integrity check.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int ImportRows = 200_000;

    [Theory, BothBackends]
    public async Task KilledDuringAHugeImportTheImportIsAllOrNothing(string backend)
    {
        var (db, init) = await NewInstallationAsync(backend);
        var port = CallbookProcess.FreePort();
        var csv = new StringBuilder("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\n");
        for (var i = 0; i < ImportRows; i++)
        {
            csv.Append("crash").Append(i).Append(",test,mr,").Append(10000000 + i).Append(",+1,\n");
        }
        var server = await CallbookProcess.ServeAsync(db, port, "--no-demo");
        await using (server)
        {
            using var http = Client(port, init, await TokenAsync(db, init));
            var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "result_file", "big.csv" } };
            var import = http.PostAsync(Contacts(init) + "/import-contacts?summary=true", form, TestContext.Current.CancellationToken);
            await Task.Delay(1500, TestContext.Current.CancellationToken);
            await server.KillAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => import);
        }

        await using var restarted = await CallbookProcess.ServeAsync(db, port, "--no-demo");
        using var after = Client(port, init, await TokenAsync(db, init));
        var count = await CountAsync(after, init);
        Assert.True(count is 0 or ImportRows, $"the import is partly there: {count} of {ImportRows} rows");
        await Integrity.AssertSoundAsync(db);
    }

    [Theory, BothBackends]
    public async Task KilledDuringBulkUpdatesNoRecordIsTornAndAcknowledgedOnesSurvive(string backend)
    {
        var (db, init) = await NewInstallationAsync(backend);
        var port = CallbookProcess.FreePort();
        var ids = new List<string>();
        var acknowledged = -1;
        var server = await CallbookProcess.ServeAsync(db, port, "--no-demo");
        await using (server)
        {
            using var http = Client(port, init, await TokenAsync(db, init));
            var created = await http.PostAsync(Contacts(init), Json(new JsonArray([.. Enumerable.Range(0, 1000).Select(i =>
                (JsonNode)Bodies.Contact("g0", "g0", (20000000 + i).ToString(CultureInfo.InvariantCulture), "+1"))])), TestContext.Current.CancellationToken);
            ids.AddRange(JsonDocument.Parse(await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.EnumerateArray().Select(c => c.Str("id")));

            using var stop = new CancellationTokenSource();
            var updates = Task.Run(async () =>
            {
                for (var generation = 1; !stop.IsCancellationRequested; generation++)
                {
                    var body = new JsonArray([.. ids.Select((id, i) =>
                    {
                        var record = Bodies.Contact("g" + generation, "g" + generation, (20000000 + i).ToString(CultureInfo.InvariantCulture), "+1");
                        record["id"] = id;
                        return (JsonNode)record;
                    })]);
                    var answer = await http.PutAsync(Contacts(init) + "/bulk-update", Json(body), CancellationToken.None);
                    if (answer.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged = generation;
                    }
                }
            }, TestContext.Current.CancellationToken);
            await Task.Delay(2500, TestContext.Current.CancellationToken);
            await server.KillAsync();
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => updates);
        }
        Assert.True(acknowledged >= 1, "no bulk update was acknowledged before the kill");

        await using var restarted = await CallbookProcess.ServeAsync(db, port, "--no-demo");
        using var after = Client(port, init, await TokenAsync(db, init));
        var page = JsonDocument.Parse(await after.GetStringAsync(Contacts(init) + "?limit=100", TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(1000, page.GetProperty("totalResults").GetInt32());
        for (var offset = 0; offset < 1000; offset += 100)
        {
            var results = JsonDocument.Parse(await after.GetStringAsync($"{Contacts(init)}?limit=100&skip={offset}", TestContext.Current.CancellationToken)).RootElement.GetProperty("results");
            foreach (var contact in results.EnumerateArray())
            {
                Assert.Equal(contact.Str("firstName"), contact.Str("lastName"));
                var generation = int.Parse(contact.Str("firstName")[1..], CultureInfo.InvariantCulture);
                Assert.True(generation >= acknowledged, $"acknowledged generation {acknowledged} lost: found {generation}");
            }
        }
        await Integrity.AssertSoundAsync(db);
    }

    private static async Task<(string Db, JsonElement Init)> NewInstallationAsync(string backend)
    {
        var db = TestDatabases.Create(backend);
        var (code, stdout, stderr) = await CallbookProcess.RunAsync("init", "--json", "--db", db);
        Assert.True(code == 0, stderr);
        return (db, JsonDocument.Parse(stdout).RootElement);
    }

    private static async Task<string> TokenAsync(string db, JsonElement init) =>
        (await CallbookProcess.RunAsync("token", "--client-id", init.Str("clientId"), "--db", db)).Stdout.Trim();

    private static HttpClient Client(int port, JsonElement init, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("auth", token);
        client.DefaultRequestHeaders.Add("accountId", init.Str("accountId"));
        return client;
    }

    private static string Contacts(JsonElement init) => $"/agentassist/api/v1/public/{init.Str("streamId")}/contacts";

    private static async Task<long> CountAsync(HttpClient http, JsonElement init) =>
        JsonDocument.Parse(await http.GetStringAsync(Contacts(init) + "?status=ALL&limit=1", TestContext.Current.CancellationToken)).RootElement.GetProperty("totalResults").GetInt64();

    private static StringContent Json(JsonArray body)
    {
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
