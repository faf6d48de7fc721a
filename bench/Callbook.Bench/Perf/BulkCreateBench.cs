using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Callbook.Bench.Perf;

/// <summary>
/// #1: how close does bulk create (1,000 per request, 2 clients) come to the raw insert of the same rows?
/// Targets: 0.5× (issue 6), on PostgreSQL 0.8× of its binary COPY (issue 13).
/// </summary>
public static class BulkCreateBench
{
    public const int PerRequest = 1000;
    private const int Clients = 2;

    /// <summary>Runs the workload; returns the created ids in creation order (#5 changes them).</summary>
    public static async Task<List<string>> RunAsync(PerfOptions o, ServerProcess server, RawStore raw, Report report)
    {
        var n = o.CreateContacts;
        // The raw insert runs before and after the server's (the machine is shared: noise hits both alike).
        var rawTime = await raw.TimeInsertAsync("st-raw-create", ContactData.Created, n);

        var bodies = Enumerable.Range(0, n / PerRequest).Select(b => ContactData.Created.CreateBody(b * PerRequest, PerRequest)).ToArray();
        using var api = new Api(server.Url, o, o.Stream, Clients);
        var answers = new byte[bodies.Length][];
        var clock = Stopwatch.StartNew();
        await Batches.RunAsync(Clients, bodies.Length, async b => answers[b] = await api.SendJsonAsync(HttpMethod.Post, api.Contacts, bodies[b], HttpStatusCode.Created));
        var elapsed = clock.Elapsed;
        rawTime = (rawTime + await raw.TimeInsertAsync("st-raw-create", ContactData.Created, n)) / 2;

        report.AddRatio("1", $"bulk create, 1,000/request, {Clients} clients, {n:N0} contacts", "contacts/s",
            n / elapsed.TotalSeconds, n / rawTime.TotalSeconds, "raw insert", o.Store == "postgres" ? 0.8 : 0.5);
        var ids = new List<string>(n);
        foreach (var answer in answers)
        {
            using var created = JsonDocument.Parse(answer);
            ids.AddRange(created.RootElement.EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
        }
        return ids;
    }
}

/// <summary>Requests numbered 0…count-1 taken in order by a few concurrent clients.</summary>
public static class Batches
{
    public static Task RunAsync(int clients, int count, Func<int, Task> send)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < count)
            {
                await send(b);
            }
        })));
    }
}
