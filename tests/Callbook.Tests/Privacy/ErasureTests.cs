using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Callbook.Tests.Privacy;

/// <summary>
/// POST …/contacts/{id}/erase removes a person for good: after it, no API answer, no export, no
/// webhook, no stored idempotent answer and no byte of the SQLite file or its WAL holds their name
/// or number; a tombstone answers later requests consistently.
/// </summary>
public sealed class ErasureTests
{
    // The person's values before and after an update: both must go (the old ones live in history).
    private static readonly string[] Personal = ["Hieronyma", "Vandersloot", "Quillfeather", "9812345670", "9812345671"];

    [Theory, BothBackends]
    public async Task ErasingRemovesThePersonEverywhereAndLeavesATombstone(string backend)
    {
        await using var factory = new CallbookFactory(backend);
        var api = await factory.NewTenantAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (webhookId, _) = await api.SubscribeAsync(receiver.Url);
        var keeper = await api.CreateAsync("Keeper", "Ofrecords", "9812300000");
        var createBody = Bodies.Contacts(("Hieronyma", "Vandersloot", "9812345670", "+91"));
        var created = await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Post, "contacts", createBody, WithKey("erase-create")), HttpStatusCode.Created);
        var id = created[0].Str("id");
        var update = Bodies.Contact("Hieronyma", "Quillfeather", "9812345671");
        update["id"] = id;
        await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Put, "contacts/bulk-update", $"[{update.ToJsonString()}]", WithKey("erase-bulk")), HttpStatusCode.OK);
        await api.WaitForDeliveriesAsync(webhookId, d => d.Length == 3 && d.All(x => x.Str("status") == "delivered"));

        var erased = await Bodies.ReadAsync(await api.PostAsync($"contacts/{id}/erase", ""), HttpStatusCode.OK);
        Assert.Equal(["id", "streamId", "status", "version", "erasedAt", "erasedBy", "erasedByAId"], Bodies.Keys(erased));
        Assert.Equal((id, api.StreamId, "ERASED", 3L), (erased.Str("id"), erased.Str("streamId"), erased.Str("status"), erased.GetProperty("version").GetInt64()));
        Assert.Equal(api.Setup.UserId, erased.Str("erasedBy"));
        var again = await Bodies.ReadAsync(await api.PostAsync($"contacts/{id}/erase", ""), HttpStatusCode.OK);
        Assert.Equal(erased.GetRawText(), again.GetRawText());

        var answers = new List<string>();
        async Task<JsonElement> Expect(Task<HttpResponseMessage> request, HttpStatusCode status)
        {
            var response = await request;
            answers.Add(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            return await Bodies.ReadAsync(response, status);
        }
        Assert.Equal("CONTACT_ERASED", (await Expect(api.GetAsync("contacts/" + id), HttpStatusCode.Gone)).GetProperty("errors")[0].Str("code"));
        Assert.Equal("CONTACT_ERASED", (await Expect(api.PutAsync("contacts/" + id, Bodies.Contact("New", "Person", "9812399999").ToJsonString()), HttpStatusCode.Gone)).GetProperty("errors")[0].Str("code"));
        Assert.Equal("CONTACT_ERASED", (await Expect(api.DeleteAsync("contacts/" + id), HttpStatusCode.Gone)).GetProperty("errors")[0].Str("code"));
        Assert.Equal("CONTACT_ERASED", (await Expect(api.PostAsync($"contacts/{id}/restore", ""), HttpStatusCode.Conflict)).GetProperty("errors")[0].Str("code"));
        var bulkUpdate = await Expect(api.PutAsync("contacts/bulk-update", $"[{update.ToJsonString()}]"), HttpStatusCode.OK);
        Assert.Equal("CONTACT_ERASED", bulkUpdate.GetProperty("failedRecords")[0].GetProperty("errors")[0].Str("code"));
        var bulkDelete = await Expect(api.DeleteAsync("contacts/bulk-delete", $$"""{"ids":["{{id}}"]}"""), HttpStatusCode.OK);
        Assert.Equal("CONTACT_ERASED", bulkDelete.GetProperty("failedRecords")[0].GetProperty("errors")[0].Str("code"));

        // History: who and when, no values, ending with the erasure.
        var history = await Expect(api.GetAsync($"contacts/{id}/history"), HttpStatusCode.OK);
        Assert.Equal("ERASED", history.Str("status"));
        var entries = history.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["created", "updated", "erased"], entries.Select(e => e.Str("operation")));
        Assert.All(entries, e => Assert.Equal(0, e.GetProperty("changes").GetArrayLength()));

        // Lists, lookups, search and export never show it; the keeper is untouched.
        var list = await Expect(api.GetAsync("contacts?status=ALL"), HttpStatusCode.OK);
        Assert.Equal([keeper.Str("id")], list.GetProperty("results").EnumerateArray().Select(c => c.Str("id")));
        foreach (var query in new[] { "contacts?phone=%2B919812345670&status=ALL", "contacts?phone=%2B919812345671&status=ALL", "contacts?q=hiero&status=ALL" })
        {
            Assert.Equal(0, (await Expect(api.GetAsync(query), HttpStatusCode.OK)).GetProperty("totalResults").GetInt32());
        }
        var export = await api.GetAsync("contacts/export?status=ALL");
        answers.Add(await export.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Keeper", answers[^1], StringComparison.Ordinal);

        // A retry of the create with its Idempotency-Key gets the erased answer, not the person back.
        var replay = await Expect(api.SendAsync(HttpMethod.Post, "contacts", createBody, WithKey("erase-create")), HttpStatusCode.Gone);
        Assert.Equal("CONTACT_ERASED", replay.GetProperty("errors")[0].Str("code"));
        await Expect(api.SendAsync(HttpMethod.Put, "contacts/bulk-update", $"[{update.ToJsonString()}]", WithKey("erase-bulk")), HttpStatusCode.Gone);
        Assert.Equal(1, await api.CountAsync());

        // The webhook: contact.erased, without personal data; the deliveries list shows only it for this contact.
        var deliveries = await api.WaitForDeliveriesAsync(webhookId, d => d.Any(x => x.Str("type") == "contact.erased" && x.Str("status") == "delivered"));
        Assert.Equal(["contact.erased"], deliveries.Where(x => x.Str("contactId") == id).Select(x => x.Str("type")));
        answers.Add(JsonSerializer.Serialize(deliveries));
        var erasedEvent = receiver.Delivered.Single(e => e.Type == "contact.erased");
        Assert.Equal($$"""{"id":"{{id}}","status":"ERASED"}""", erasedEvent.Json.GetProperty("contact").GetRawText());
        Assert.Equal($"ev-{id}-3", erasedEvent.EventId);
        answers.Add(Encoding.UTF8.GetString(erasedEvent.Body));

        foreach (var answer in answers)
        {
            AssertNoPersonalData(Encoding.UTF8.GetBytes(answer), "an API answer");
        }
        await AssertStoreHoldsNoPersonalDataAsync(factory);
    }

    private static Action<HttpRequestMessage> WithKey(string key) => request => request.Headers.Add("Idempotency-Key", key);

    /// <summary>SQLite: the raw database file and its WAL, byte for byte. PostgreSQL: every row of every table as text.</summary>
    private static async Task AssertStoreHoldsNoPersonalDataAsync(CallbookFactory factory)
    {
        var ct = TestContext.Current.CancellationToken;
        if (factory.Backend == Backends.Sqlite)
        {
            var path = factory.Db["sqlite:".Length..];
            foreach (var file in new[] { path, path + "-wal" })
            {
                if (File.Exists(file))
                {
                    await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    using var bytes = new MemoryStream();
                    await stream.CopyToAsync(bytes, ct);
                    AssertNoPersonalData(bytes.ToArray(), Path.GetFileName(file));
                }
            }
            return;
        }
        await using var dataSource = NpgsqlDataSource.Create(factory.Db);
        // The erase ran VACUUM (not autovacuum: last_vacuum) on each table it touched, outside any transaction.
        string[] touched = ["contacts", "contact_history", "webhook_deliveries", "idempotency_keys"];
        await using (var vacuumed = dataSource.CreateCommand("SELECT count(*) FROM pg_stat_user_tables WHERE relname = ANY($1) AND last_vacuum IS NOT NULL"))
        {
            vacuumed.Parameters.AddWithValue(touched);
            var deadline = DateTime.UtcNow.AddSeconds(15);
            long count;
            while ((count = (long)(await vacuumed.ExecuteScalarAsync(ct))!) < touched.Length && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
            }
            Assert.Equal(touched.Length, count);
        }
        var tables = new List<string>();
        await using (var list = dataSource.CreateCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }
        foreach (var table in tables)
        {
            foreach (var value in Personal)
            {
                // Row as text (bytea shows as hex there), and idempotency answers' bodies as text.
                var sql = table == "idempotency_keys"
                    ? "SELECT count(*) FROM idempotency_keys t WHERE t::text ILIKE '%' || $1 || '%' OR encode(coalesce(body, ''::bytea), 'escape') ILIKE '%' || $1 || '%'"
                    : $"SELECT count(*) FROM \"{table}\" t WHERE t::text ILIKE '%' || $1 || '%'";
                await using var count = dataSource.CreateCommand(sql);
                count.Parameters.AddWithValue(value);
                Assert.Equal(0L, (long)(await count.ExecuteScalarAsync(ct))!);
            }
        }
    }

    /// <summary>No value of <see cref="Personal"/> in the bytes, in any letter case (search keys are lower-cased).</summary>
    private static void AssertNoPersonalData(byte[] bytes, string where)
    {
        var text = Encoding.Latin1.GetString(bytes).ToLowerInvariant();
        foreach (var value in Personal)
        {
            Assert.False(text.Contains(value.ToLowerInvariant(), StringComparison.Ordinal), $"{where} still holds '{value}'");
        }
    }
}
