using System.Net;
using System.Text.Json;

namespace Callbook.Bench.Perf;

/// <summary>
/// Untimed: creates, imports, updates and deletes a few thousand contacts of their own numbers, so
/// the server's code is jitted and tiered up before any figure is taken. A service runs for days;
/// what is measured is its steady state, not the first minute of the process (measured by #7).
/// </summary>
public static class WarmUp
{
    private static readonly ContactData Numbers = new(4_000_000_000);

    public static async Task RunAsync(PerfOptions o, ServerProcess server)
    {
        var (requests, size) = o.Quick ? (10, 20) : (40, 100);
        using var api = new Api(server.Url, o, o.Stream, 2);
        var ids = new List<string>(requests * size);
        for (var r = 0; r < requests; r++)
        {
            using var created = JsonDocument.Parse(await api.SendJsonAsync(HttpMethod.Post, api.Contacts, Numbers.CreateBody(r * size, size), HttpStatusCode.Created));
            ids.AddRange(created.RootElement.EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
        }
        for (var r = 0; r < requests; r++)
        {
            await api.SendJsonAsync(HttpMethod.Put, api.Contacts + "/bulk-update", Numbers.UpdateBody(ids, r * size, size), HttpStatusCode.OK);
        }
        for (var r = 0; r < requests; r++)
        {
            await api.SendJsonAsync(HttpMethod.Delete, api.Contacts + "/bulk-delete", ContactData.DeleteBody(ids, r * size, size), HttpStatusCode.OK);
        }
        var csv = new ContactData(4_100_000_000).WriteCsv(o.Work, requests * size);
        for (var r = 0; r < 3; r++)
        {
            await using var file = File.OpenRead(csv);
            using var form = new MultipartFormDataContent { { new StreamContent(file), "result_file", "warm.csv" } };
            // The same rows three times: the first import creates them, the next two are refused whole (their numbers are taken).
            var answer = await api.Http.PostAsync(api.Contacts + "/import-contacts?summary=true", form);
            await answer.Content.LoadIntoBufferAsync();
        }
        File.Delete(csv);
    }
}
