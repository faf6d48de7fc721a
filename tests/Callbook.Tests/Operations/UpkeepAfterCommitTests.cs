using System.Net;
using System.Text;
using Npgsql;

namespace Callbook.Tests.Operations;

/// <summary>
/// On PostgreSQL a big import is followed by ANALYZE and an erasure by VACUUM, after the write has
/// committed. When that upkeep cannot run (here: another session holds the table's
/// SHARE UPDATE EXCLUSIVE lock past the database's lock_timeout), the committed write is still
/// answered as done; before, it was a 500 or 503 whose retry found every imported number taken.
/// Nor does the answer wait for such a lock: before, an erasure waited as long as it was held.
/// </summary>
public sealed class UpkeepAfterCommitTests
{
    [Fact]
    public async Task ABigImportIsAnsweredAsDoneWhenItsAnalyzeCannotRunAndItsRetryGetsTheSameAnswer()
    {
        var (factory, db) = await FactoryWithLockTimeoutAsync();
        await using var _ = factory;
        var api = await factory.NewTenantAsync();
        var csv = new StringBuilder("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode\n");
        for (var i = 0; i < Storage.Postgres.PostgresContactStore.AnalyzeAfterRows; i++)
        {
            csv.Append("Ann,Row").Append(i).Append(",ms,79").Append(i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Append(",+1\n");
        }
        await using var holder = await HoldUpkeepLockAsync(db, outbox: true);

        var first = await ImportAsync(api, csv.ToString(), "upkeep-import");
        var summary = await Bodies.ReadAsync(first, HttpStatusCode.Created);
        Assert.Equal(10_000, summary.GetProperty("imported").GetInt64());

        await holder.DisposeAsync();
        var retried = await Bodies.ReadAsync(await ImportAsync(api, csv.ToString(), "upkeep-import"), HttpStatusCode.Created);
        Assert.Equal(summary.GetRawText(), retried.GetRawText());
        var list = await Bodies.ReadAsync(await api.GetAsync("contacts?limit=1"), HttpStatusCode.OK);
        Assert.Equal(10_000, list.GetProperty("totalResults").GetInt64());
    }

    [Fact]
    public async Task AnErasureIsAnsweredAsDoneWhenItsVacuumCannotRun()
    {
        var (factory, db) = await FactoryWithLockTimeoutAsync();
        await using var _ = factory;
        var api = await factory.NewTenantAsync();
        var id = (await api.CreateAsync("Erin", "Gone", "2025550177", "+1")).Str("id");
        await using var holder = await HoldUpkeepLockAsync(db, outbox: false);

        var erased = await Bodies.ReadAsync(await api.PostAsync($"contacts/{id}/erase", ""), HttpStatusCode.OK);
        Assert.Equal("ERASED", erased.Str("status"));

        await holder.DisposeAsync();
        Assert.Equal(HttpStatusCode.Gone, (await api.GetAsync($"contacts/{id}")).StatusCode);
        var again = await Bodies.ReadAsync(await api.PostAsync($"contacts/{id}/erase", ""), HttpStatusCode.OK);
        Assert.Equal(erased.GetRawText(), again.GetRawText());
    }

    [Fact]
    public async Task AnErasureDoesNotWaitForAnotherSessionsLockOnATableItVacuums()
    {
        var db = TestDatabases.Create(Backends.Postgres);
        await using var factory = new CallbookFactory(Backends.Postgres, new Dictionary<string, string?> { ["Callbook:Db"] = db });
        var api = await factory.NewTenantAsync();
        var id = (await api.CreateAsync("Erin", "Waits", "2025550178", "+1")).Str("id");
        await using var holder = await HoldUpkeepLockAsync(db, outbox: false);

        var erase = api.PostAsync($"contacts/{id}/erase", "");
        var finished = await Task.WhenAny(erase, Task.Delay(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        Assert.Same(erase, finished);
        Assert.Equal("ERASED", (await Bodies.ReadAsync(await erase, HttpStatusCode.OK)).Str("status"));
    }

    /// <summary>A server on a new PostgreSQL database whose sessions give up waiting for a lock after 1 s.</summary>
    private static async Task<(CallbookFactory Factory, string Db)> FactoryWithLockTimeoutAsync()
    {
        var db = TestDatabases.Create(Backends.Postgres);
        var name = new NpgsqlConnectionStringBuilder(db).Database;
        await using (var admin = NpgsqlDataSource.Create(Backends.PostgresConnectionString!))
        await using (var set = admin.CreateCommand($"ALTER DATABASE \"{name}\" SET lock_timeout = '1s'"))
        {
            await set.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        return (new CallbookFactory(Backends.Postgres, new Dictionary<string, string?> { ["Callbook:Db"] = db }), db);
    }

    /// <summary>Holds the lock VACUUM and ANALYZE need on the outbox (or the idempotency keys) until disposed.</summary>
    private static async Task<NpgsqlConnection> HoldUpkeepLockAsync(string db, bool outbox)
    {
        var connection = new NpgsqlConnection(db);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var hold = outbox
            ? new NpgsqlCommand("BEGIN; LOCK TABLE webhook_deliveries IN SHARE UPDATE EXCLUSIVE MODE", connection)
            : new NpgsqlCommand("BEGIN; LOCK TABLE idempotency_keys IN SHARE UPDATE EXCLUSIVE MODE", connection);
        await hold.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    private static async Task<HttpResponseMessage> ImportAsync(TenantClient api, string csv, string key)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "result_file", "contacts.csv");
        return await api.SendAsync(HttpMethod.Post, "contacts/import-contacts?partial=true&summary=true", configure: r =>
        {
            r.Content = form;
            r.Headers.Add("Idempotency-Key", key);
        });
    }
}
