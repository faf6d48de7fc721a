using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Operations;

/// <summary>Two `callbook serve` processes on one PostgreSQL database behave as one service.</summary>
public sealed class TwoNodeTests
{
    [Fact]
    public async Task TwoNodesShareUniquenessUpdatesAndTokenReplayProtection()
    {
        var db = TestDatabases.Create(Backends.Postgres);
        var init = JsonDocument.Parse((await CallbookProcess.RunAsync("init", "--json", "--db", db)).Stdout).RootElement;
        var jtiApp = JsonDocument.Parse((await CallbookProcess.RunAsync("apps", "create", "--account", init.Str("accountId"), "--stream", init.Str("streamId"), "--enforce-jti", "--db", db)).Stdout).RootElement;
        var (portA, portB) = (CallbookProcess.FreePort(), CallbookProcess.FreePort());
        await using var nodeA = await CallbookProcess.ServeAsync(db, portA, "--no-demo");
        await using var nodeB = await CallbookProcess.ServeAsync(db, portB, "--no-demo");
        var token = (await CallbookProcess.RunAsync("token", "--client-id", init.Str("clientId"), "--db", db)).Stdout.Trim();
        var nodes = new[] { Client(portA, init, token), Client(portB, init, token) };
        var contacts = $"/agentassist/api/v1/public/{init.Str("streamId")}/contacts";

        // Concurrent creates of the same 20 numbers, 3 tries per number on each node: one contact per number survives.
        var creates = from number in Enumerable.Range(0, 20)
                      from node in nodes
                      from attempt in Enumerable.Range(0, 3)
                      select node.PostAsync(contacts, Json(Bodies.Contacts(("n" + number, "try" + attempt, (8800000 + number).ToString(CultureInfo.InvariantCulture), "+1"))), TestContext.Current.CancellationToken);
        var answers = await Task.WhenAll(creates);
        var statuses = string.Join(", ", answers.GroupBy(a => (int)a.StatusCode).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
        var odd = answers.FirstOrDefault(a => a.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict));
        var oddBody = odd is null ? "" : await odd.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Created) == 20 && answers.Count(a => a.StatusCode == HttpStatusCode.Conflict) == 100,
            $"expected 201×20, 409×100; got {statuses}; first other answer: {oddBody}; node A: {Tail(nodeA.Output)}; node B: {Tail(nodeB.Output)}");
        var all = await Bodies.ReadAsync(await nodes[1].GetAsync(contacts + "?status=ALL&limit=100", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.Equal(20, all.GetProperty("totalResults").GetInt32());

        // Interleaved bulk updates: node A owns the even contacts, node B the odd ones; 5 rounds each, in parallel.
        var ids = all.GetProperty("results").EnumerateArray().Select(c => (Id: c.Str("id"), Phone: c.GetProperty("cellPhone").Str("phoneNumber"))).ToList();
        var rounds = Enumerable.Range(0, 5).SelectMany(round => Enumerable.Range(0, 2).Select(n =>
        {
            var mine = ids.Where((_, i) => i % 2 == n).Select(c =>
            {
                var record = Bodies.Contact("node" + n, "round" + round, c.Phone, "+1");
                record["id"] = c.Id;
                return (JsonNode)record;
            });
            return nodes[n].PutAsync(contacts + "/bulk-update", Json(new JsonArray([.. mine]).ToJsonString()), TestContext.Current.CancellationToken);
        }));
        foreach (var answer in await Task.WhenAll(rounds))
        {
            Assert.Equal(10, (await Bodies.ReadAsync(answer, HttpStatusCode.OK)).GetProperty("successful").GetInt32());
        }
        for (var i = 0; i < ids.Count; i++)
        {
            var history = await Bodies.ReadAsync(await nodes[i % 2 == 0 ? 1 : 0].GetAsync($"{contacts}/{ids[i].Id}/history", TestContext.Current.CancellationToken), HttpStatusCode.OK);
            Assert.Equal(6, history.GetProperty("history").GetArrayLength());
            var contact = await Bodies.ReadAsync(await nodes[0].GetAsync($"{contacts}/{ids[i].Id}", TestContext.Current.CancellationToken), HttpStatusCode.OK);
            Assert.Equal("node" + (i % 2), contact.Str("firstName"));
        }

        // One token with a jti: accepted by one node, refused by the other.
        var once = (await CallbookProcess.RunAsync("token", "--client-id", jtiApp.Str("clientId"), "--secret", jtiApp.Str("clientSecret"), "--jti")).Stdout.Trim();
        Assert.Equal(HttpStatusCode.OK, (await Send(portA, init, once, contacts)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(portB, init, once, contacts)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(portA, init, once, contacts)).StatusCode);
    }

    private static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];

    [Fact]
    public async Task NodesStartingTogetherCreateOneDemoTenant()
    {
        var db = TestDatabases.Create(Backends.Postgres);
        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => CallbookProcess.ServeAsync(db, CallbookProcess.FreePort(), "--demo")));
        try
        {
            var streams = (await CallbookProcess.RunAsync("streams", "list", "--db", db)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(streams);
            Assert.Single(nodes, n => n.Output.Contains("demo tenant", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static HttpClient Client(int port, JsonElement init, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("auth", token);
        client.DefaultRequestHeaders.Add("accountId", init.Str("accountId"));
        return client;
    }

    private static async Task<HttpResponseMessage> Send(int port, JsonElement init, string token, string path)
    {
        using var client = Client(port, init, token);
        return await client.GetAsync(path, TestContext.Current.CancellationToken);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
