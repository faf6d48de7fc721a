using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Callbook.Bench.Perf;

/// <summary>#5: how close do bulk update and bulk delete (1,000 per request, 2 clients) come to raw UPDATEs of the same rows?</summary>
public static class BulkChangeBench
{
    private const int Clients = 2;
    private const int PerRequest = BulkCreateBench.PerRequest;

    public static async Task RunAsync(PerfOptions o, ServerProcess server, RawStore raw, IReadOnlyList<string> createdIds, Report report)
    {
        var n = o.ChangeContacts;
        var (rawUpdate, rawDelete) = await RawAsync(raw, n);

        using var api = new Api(server.Url, o, o.Stream, Clients);
        var batches = n / PerRequest;
        var updates = Enumerable.Range(0, batches).Select(b => ContactData.Created.UpdateBody(createdIds, b * PerRequest, PerRequest)).ToArray();
        var update = await TimeAsync(api, HttpMethod.Put, api.Contacts + "/bulk-update", updates);
        var deletes = Enumerable.Range(0, batches).Select(b => ContactData.DeleteBody(createdIds, b * PerRequest, PerRequest)).ToArray();
        var delete = await TimeAsync(api, HttpMethod.Delete, api.Contacts + "/bulk-delete", deletes);
        // The raw changes run before and after the server's: noise of the shared machine hits both alike.
        var (rawUpdate2, rawDelete2) = await RawAsync(raw, n);
        (rawUpdate, rawDelete) = ((rawUpdate + rawUpdate2) / 2, (rawDelete + rawDelete2) / 2);

        report.AddRatio("5", $"bulk update, 1,000/request, {Clients} clients, {n:N0} contacts", "contacts/s", n / update.TotalSeconds, n / rawUpdate.TotalSeconds, "raw UPDATE", 0.4);
        report.AddRatio("5", $"bulk delete, 1,000/request, {Clients} clients, {n:N0} contacts", "contacts/s", n / delete.TotalSeconds, n / rawDelete.TotalSeconds, "raw UPDATE", 0.4);
    }

    private static async Task<(TimeSpan Update, TimeSpan Delete)> RawAsync(RawStore raw, int n)
    {
        var (_, ids) = await raw.InsertAsync("st-raw-change", ContactData.Created, n, keepIds: true);
        var update = await raw.UpdateAsync(ids!, ContactData.Created);
        var delete = await raw.DeleteAsync(ids!);
        await raw.RemoveStreamAsync("st-raw-change");
        return (update, delete);
    }

    private static async Task<TimeSpan> TimeAsync(Api api, HttpMethod method, string path, byte[][] bodies)
    {
        var clock = Stopwatch.StartNew();
        await Batches.RunAsync(Clients, bodies.Length, async b =>
        {
            using var summary = JsonDocument.Parse(await api.SendJsonAsync(method, path, bodies[b], HttpStatusCode.OK));
            if (summary.RootElement.GetProperty("successful").GetInt32() != PerRequest)
            {
                throw new InvalidOperationException($"{method} {path}: not every record succeeded");
            }
        });
        return clock.Elapsed;
    }
}
