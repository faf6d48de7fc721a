using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Callbook.Tests.Webhooks;

/// <summary>Webhooks of the real executable: subscriptions from the CLI, kill -9, restarts, two nodes.</summary>
public sealed class WebhookProcessTests
{
    /// <summary>The test timings of CallbookFactory, as host arguments of `serve`.</summary>
    private static readonly string[] FastWebhooks =
        ["--no-demo", .. CallbookFactory.WebhookTimings.Select(s => $"--{s.Key}={s.Value}")];

    [Theory, BothBackends]
    public async Task AKilledProcessLeavesItsUndeliveredEventsToTheNextOne(string backend)
    {
        var db = TestDatabases.Create(backend);
        var node = await NodeSetup.CreateAsync(db);
        await using var receiver = WebhookReceiver.Down();
        var (webhookId, secret) = await node.SubscribeAsync(receiver.Url, "contact.created,contact.updated");
        Assert.Contains(webhookId, (await CallbookProcess.RunAsync("webhooks", "list", "--stream", node.StreamId, "--db", db)).Stdout, StringComparison.Ordinal);

        var ids = new List<string>();
        await using (var first = await CallbookProcess.ServeAsync(db, node.Port, FastWebhooks))
        {
            using var client = node.Client();
            for (var i = 0; i < 5; i++)
            {
                var created = await Bodies.ReadAsync(await client.PostAsync(node.Contacts, Json(Bodies.Contacts(("kill", "n" + i, (7800000 + i).ToString(CultureInfo.InvariantCulture), "+1"))), TestContext.Current.CancellationToken), HttpStatusCode.Created);
                ids.Add(created[0].Str("id"));
            }
            await Bodies.ReadAsync(await client.PutAsync($"{node.Contacts}/{ids[0]}", Json(Bodies.Contact("again", "n0", "7800000", "+1").ToJsonString()), TestContext.Current.CancellationToken), HttpStatusCode.OK);
            await node.WaitForAttemptsAsync(client, webhookId);
        } // disposing kills the process: SIGKILL, no shutdown of any kind

        await receiver.StartAgainAsync();
        await using var second = await CallbookProcess.ServeAsync(db, node.Port, FastWebhooks);
        var events = await receiver.WaitForAsync(6);
        Assert.Equal(ids.Select(id => $"ev-{id}-1").Append($"ev-{ids[0]}-2").Order(), events.Select(e => e.EventId).Distinct().Order());
        Assert.All(events, e => Assert.True(e.IsSignedWith(secret)));
        WebhookTestApi.AssertInOrderPerContact(events);
    }

    [Theory, BothBackends]
    public async Task AnImportKilledMidwayLeavesNoContactWithoutItsEventNorAnEventWithoutItsContact(string backend)
    {
        const int rows = 10_000;
        var db = TestDatabases.Create(backend);
        var node = await NodeSetup.CreateAsync(db);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (webhookId, _) = await node.SubscribeAsync(receiver.Url, "contact.created");
        await using (var first = await CallbookProcess.ServeAsync(db, node.Port, FastWebhooks))
        {
            using var client = node.Client();
            // A whole import first, to learn how long one takes; the second one is killed halfway through.
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await Bodies.ReadAsync(await client.PostAsync(node.Contacts + "/import-contacts?summary=true", Csv(rows, 7900000), TestContext.Current.CancellationToken), HttpStatusCode.Created);
            var took = watch.Elapsed;
            var import = client.PostAsync(node.Contacts + "/import-contacts?summary=true", Csv(rows, 8900000), TestContext.Current.CancellationToken);
            await Task.WhenAny(import, Task.Delay(took / 2, TestContext.Current.CancellationToken));
            TestContext.Current.TestOutputHelper?.WriteLine($"import of {rows} rows took {took.TotalMilliseconds:0} ms; killed after half of it, import finished: {import.IsCompleted}");
        }

        await using var second = await CallbookProcess.ServeAsync(db, node.Port, FastWebhooks);
        using var again = node.Client();
        var stored = (await Bodies.ReadAsync(await again.GetAsync(node.Contacts + "?status=ALL&limit=1", TestContext.Current.CancellationToken), HttpStatusCode.OK)).GetProperty("totalResults").GetInt32();
        Assert.True(stored is rows or 2 * rows, $"two atomic imports left {stored} contacts");
        var watchDelivery = System.Diagnostics.Stopwatch.StartNew();
        await receiver.WaitForAsync(stored, seconds: 120);
        TestContext.Current.TestOutputHelper?.WriteLine($"{stored} contacts after the kill; their events arrived within {watchDelivery.Elapsed.TotalSeconds:0.0} s of the restart");
        await Task.Delay(500, TestContext.Current.CancellationToken);
        // Rows, counters, queued and delivered events all agree; otherwise the message says where they part.
        var faults = await OutboxCheck.FaultsAsync(db, node.StreamId, stored, receiver.Delivered);
        Assert.True(faults.Count == 0, string.Join(Environment.NewLine, faults));
        var unfinished = await Bodies.ReadAsync(await again.GetAsync($"{node.Webhooks}/{webhookId}/deliveries?status=failed", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.Empty(unfinished.GetProperty("results").EnumerateArray());
    }

    private static MultipartFormDataContent Csv(int rows, int firstPhone)
    {
        var csv = new StringBuilder("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"mass,n{i},mr,{firstPhone + i},+1,+\n");
        }
        return new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "result_file", "contacts.csv" } };
    }

    [Fact]
    public async Task TwoNodesOnOnePostgreSqlDeliverEachEventOnceAndInOrder()
    {
        var db = TestDatabases.Create(Backends.Postgres);
        var node = await NodeSetup.CreateAsync(db);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await node.SubscribeAsync(receiver.Url, "contact.created,contact.updated");
        var other = CallbookProcess.FreePort();
        await using var nodeA = await CallbookProcess.ServeAsync(db, node.Port, FastWebhooks);
        await using var nodeB = await CallbookProcess.ServeAsync(db, other, FastWebhooks);
        using var clientA = node.Client();
        using var clientB = node.Client(other);

        var contacts = Enumerable.Range(0, 300).Select(i => ("two", "n" + i, (8100000 + i).ToString(CultureInfo.InvariantCulture), "+1")).ToArray();
        var created = await Bodies.ReadAsync(await clientA.PostAsync(node.Contacts, Json(Bodies.Contacts(contacts)), TestContext.Current.CancellationToken), HttpStatusCode.Created);
        var ids = created.EnumerateArray().Select(c => c.Str("id")).ToList();
        for (var round = 0; round < 3; round++)
        {
            var client = round % 2 == 0 ? clientB : clientA;
            var updates = ids.Take(50).Select((id, i) =>
            {
                var record = Bodies.Contact("round" + round, "n" + i, (8100000 + i).ToString(CultureInfo.InvariantCulture), "+1");
                record["id"] = id;
                return (System.Text.Json.Nodes.JsonNode)record;
            });
            await Bodies.ReadAsync(await client.PutAsync(node.Contacts + "/bulk-update", Json(new System.Text.Json.Nodes.JsonArray([.. updates]).ToJsonString()), TestContext.Current.CancellationToken), HttpStatusCode.OK);
        }

        var events = await receiver.WaitForAsync(450, seconds: 60);
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        events = receiver.Delivered;
        Assert.Equal(450, events.Count);
        Assert.Equal(450, events.Select(e => e.EventId).Distinct().Count());
        Assert.All(events, e => Assert.True(e.IsSignedWith(secret)));
        WebhookTestApi.AssertInOrderPerContact(events);
        Assert.Contains("Webhook dispatcher", nodeA.Output, StringComparison.Ordinal);
        Assert.Contains("Webhook dispatcher", nodeB.Output, StringComparison.Ordinal);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A tenant made with `init`, its token, and a port for `serve`.</summary>
    private sealed record NodeSetup(string Db, JsonElement Init, string Token, int Port)
    {
        public string StreamId => Init.Str("streamId");

        public string Contacts => $"/agentassist/api/v1/public/{StreamId}/contacts";

        public string Webhooks => $"/agentassist/api/v1/public/{StreamId}/webhooks";

        public static async Task<NodeSetup> CreateAsync(string db)
        {
            var init = JsonDocument.Parse((await CallbookProcess.RunAsync("init", "--json", "--db", db)).Stdout).RootElement;
            var token = (await CallbookProcess.RunAsync("token", "--client-id", init.Str("clientId"), "--db", db)).Stdout.Trim();
            return new NodeSetup(db, init, token, CallbookProcess.FreePort());
        }

        /// <summary>`callbook webhooks create`: returns the id and the secret it printed.</summary>
        public async Task<(string Id, string Secret)> SubscribeAsync(string url, string events)
        {
            var (exit, stdout, stderr) = await CallbookProcess.RunAsync("webhooks", "create", "--stream", StreamId, "--url", url, "--events", events, "--db", Db);
            Assert.True(exit == 0, stderr);
            var created = JsonDocument.Parse(stdout).RootElement;
            return (created.Str("id"), created.Str("secret"));
        }

        public HttpClient Client(int? port = null)
        {
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port ?? Port}") };
            client.DefaultRequestHeaders.Add("auth", Token);
            client.DefaultRequestHeaders.Add("accountId", Init.Str("accountId"));
            return client;
        }

        /// <summary>Waits until the server has tried, and failed, to deliver some events.</summary>
        public async Task WaitForAttemptsAsync(HttpClient client, string webhookId)
        {
            var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
            while (true)
            {
                var page = await Bodies.ReadAsync(await client.GetAsync($"{Webhooks}/{webhookId}/deliveries", TestContext.Current.CancellationToken), HttpStatusCode.OK);
                if (page.GetProperty("results").EnumerateArray().Any(d => d.GetProperty("attempts").GetInt32() > 0))
                {
                    return;
                }
                Assert.True(DateTimeOffset.UtcNow < deadline, "no delivery was attempted");
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }
}
