using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Security;

/// <summary>
/// A mutation fuzzer over valid bodies of every endpoint that takes one (create, update, bulk
/// update, bulk delete, CSV import): no 5xx, always JSON, within the time bound, and a rejected
/// request changes no stored contact. Deterministic: the seed is in every failure message, and
/// CALLBOOK_FUZZ_SEED replays another one.
/// </summary>
public sealed class MutationFuzzTests
{
    private const int DefaultSeed = 20_260_107;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("CALLBOOK_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : DefaultSeed;

    [Theory, BothBackends]
    public async Task MutatedJsonBodiesAreAnsweredCleanlyAndRejectionsChangeNothing(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var target = (await api.CreateAsync("fuzz", "update", "810000001")).Str("id");
        var first = (await api.CreateAsync("fuzz", "bulk", "810000002")).Str("id");
        var second = (await api.CreateAsync("fuzz", "bulk", "810000003")).Str("id");
        var victim = (await api.CreateAsync("fuzz", "delete", "810000004")).Str("id");
        var phone = 810_100_000;
        string NextPhone() => (++phone).ToString(CultureInfo.InvariantCulture);
        JsonObject Record(string id)
        {
            var record = Bodies.Contact("fuzz", "bulk", NextPhone(), extension: "+91");
            record["id"] = id;
            record["address"] = new JsonArray(new JsonObject { ["city"] = "Pune", ["zip"] = 411001 });
            return record;
        }
        var endpoints = new (string Name, int Cases, HttpMethod Method, string Path, Func<string> Body)[]
        {
            ("create", 80, HttpMethod.Post, "contacts", () => new JsonArray(Bodies.Contact("fuzz", "created", NextPhone()), Bodies.Contact("fuzz", "other", NextPhone(), "+1")).ToJsonString()),
            ("update", 60, HttpMethod.Put, "contacts/" + target, () => Bodies.Contact("fuzz", "updated", NextPhone()).ToJsonString()),
            ("bulk update", 60, HttpMethod.Put, "contacts/bulk-update", () => new JsonArray(Record(first), Record(second)).ToJsonString()),
            ("bulk delete", 50, HttpMethod.Delete, "contacts/bulk-delete", () => new JsonObject { ["ids"] = new JsonArray(victim, Observed.UnknownId()) }.ToJsonString()),
        };

        var mutator = new Mutator(Seed);
        var statuses = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, cases, method, path, body) in endpoints)
        {
            // The unmutated body is accepted: the mutations start from something that works.
            var valid = await Observed.SendAsync(() => api.SendAsync(method, path, body()));
            Assert.True(valid.Code is 200 or 201, $"{name}: the valid body was refused: {valid}");
            var state = await Observed.SnapshotAsync(api);
            for (var i = 0; i < cases; i++)
            {
                var (bytes, what) = mutator.MutateJson(body());
                var context = $"seed {mutator.Seed}, {name} case {i}: {what}\nbody: {Preview(bytes)}";
                var answer = await Observed.SendAsync(() => api.SendAsync(method, path, configure: r => r.Content = Json(bytes)));
                Observed.AssertWellFormed(answer, context);
                state = await Observed.AssertStateAfterAsync(api, state, answer, context);
                statuses[$"{name} {answer.Code}"] = statuses.GetValueOrDefault($"{name} {answer.Code}") + 1;
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {mutator.Seed}: " + string.Join(", ", statuses.Select(s => $"{s.Key} ×{s.Value}")));
    }

    [Theory, BothBackends]
    public async Task MutatedImportFilesAreAnsweredCleanlyAndRejectionsImportNothing(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var phone = 820_100_000;
        string Csv() =>
            "firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\r\n" +
            $"fuzz,imported,mr,{++phone},+91,+\r\n" +
            $"\"Fuzz, Jr.\",\"O'Brien\",dr,{++phone},+44,44\r\n";
        var valid = await Observed.SendAsync(() => api.SendAsync(HttpMethod.Post, "contacts/import-contacts", configure: r => r.Content = Multipart(Encoding.UTF8.GetBytes(Csv()))));
        Assert.True(valid.Code == 201, $"the valid file was refused: {valid}");

        var mutator = new Mutator(Seed);
        var random = new Random(Seed);
        var state = await Observed.SnapshotAsync(api);
        var statuses = new SortedDictionary<int, int>();
        for (var i = 0; i < 80; i++)
        {
            var query = random.Next(10) == 0 ? "?partial=true" : "";
            string what;
            HttpContent content;
            if (random.Next(8) == 0)
            {
                var envelope = new List<string>();
                var bytes = mutator.MutateBytes(Envelope(Encoding.UTF8.GetBytes(Csv())), envelope);
                (content, what) = (Multipart(bytes, raw: true), "multipart envelope: " + string.Join("; ", envelope));
            }
            else
            {
                var (bytes, description) = mutator.MutateCsv(Csv());
                (content, what) = (Multipart(bytes), description);
            }
            var context = $"seed {mutator.Seed}, import{query} case {i}: {what}";
            var answer = await Observed.SendAsync(() => api.SendAsync(HttpMethod.Post, "contacts/import-contacts" + query, configure: r => r.Content = content));
            Observed.AssertWellFormed(answer, context);
            state = await Observed.AssertStateAfterAsync(api, state, answer, context);
            statuses[answer.Code] = statuses.GetValueOrDefault(answer.Code) + 1;
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {mutator.Seed}: " + string.Join(", ", statuses.Select(s => $"{s.Key} ×{s.Value}")));
    }

    private const string Boundary = "fuzz-boundary-7b3f";

    private static ByteArrayContent Json(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A multipart/form-data body with the file in result_file; <paramref name="raw"/> when the bytes already are the whole envelope.</summary>
    private static ByteArrayContent Multipart(byte[] bytes, bool raw = false)
    {
        var content = new ByteArrayContent(raw ? bytes : Envelope(bytes));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        return content;
    }

    private static byte[] Envelope(byte[] csv) =>
    [
        .. Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"result_file\"; filename=\"contacts.csv\"\r\nContent-Type: text/csv\r\n\r\n"),
        .. csv,
        .. Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n"),
    ];

    private static string Preview(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 300));
        return $"{bytes.Length} bytes: " + string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
