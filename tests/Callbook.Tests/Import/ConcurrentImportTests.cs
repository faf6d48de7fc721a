using System.Globalization;
using System.Net;
using System.Text;
using Npgsql;

namespace Callbook.Tests.Import;

/// <summary>
/// Two imports of one stream whose files hold the same numbers in opposite orders can deadlock on
/// PostgreSQL (each batch waits for the other import's earlier batch). PostgreSQL ends one of them;
/// an import is not run again by the store (its rows cannot be read twice), so that one is rolled
/// back and answered 503 with Retry-After, never 500, and nothing of it is stored. SQLite has one
/// writer at a time and cannot deadlock.
/// </summary>
public sealed class ConcurrentImportTests
{
    private const int Rows = 2400; // three batches of PostgresContactStore.ImportBatchRows

    [Fact]
    public async Task TwoImportsThatDeadlockAnswer503ForTheOneRolledBackAndKeepTheCountersExact()
    {
        var db = TestDatabases.Create(Backends.Postgres);
        await using var factory = new CallbookFactory(Backends.Postgres, new Dictionary<string, string?> { ["Callbook:Db"] = db });
        var api = await factory.NewTenantAsync();
        var ct = TestContext.Current.CancellationToken;
        var numbers = Enumerable.Range(0, Rows).Select(i => "79" + i.ToString("D6", CultureInfo.InvariantCulture)).ToArray();
        var blocker = await api.CreateAsync("Block", "Er", "2025550199", "+1");
        var probe = await api.CreateAsync("Stored", "Form", numbers[1200], "+1");
        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"contacts/{probe.Str("id")}")).StatusCode);

        // Another session takes a number of both files' second batch (uncommitted): the ascending import
        // stops there in its second batch, the descending one on the first's first batch.
        await using var holder = new NpgsqlConnection(db);
        await holder.OpenAsync(ct);
        await using var hold = await holder.BeginTransactionAsync(ct);
        await using (var take = new NpgsqlCommand("UPDATE contacts SET phone_number = @phone WHERE id = @id", holder, hold))
        {
            take.Parameters.AddWithValue("phone", probe.GetProperty("cellPhone").Str("phoneNumber"));
            take.Parameters.AddWithValue("id", blocker.Str("id"));
            await take.ExecuteNonQueryAsync(ct);
        }
        var ascending = api.ImportAsync(Csv(numbers), "?partial=true&summary=true");
        var descending = api.ImportAsync(Csv([.. numbers.Reverse()]), "?partial=true&summary=true");
        await WaitForLockWaitersAsync(db, 2, [ascending, descending], ct);
        await hold.RollbackAsync(ct);

        using var first = await ascending;
        using var second = await descending;
        var statuses = new[] { first.StatusCode, second.StatusCode }.Order().ToArray();
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable], statuses);
        var refused = first.StatusCode == HttpStatusCode.ServiceUnavailable ? first : second;
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("SERVICE_UNAVAILABLE", (await Bodies.ReadAsync(refused, HttpStatusCode.ServiceUnavailable)).GetProperty("errors")[0].Str("code"));

        var list = await Bodies.ReadAsync(await api.GetAsync("contacts?limit=1&skip=1"), HttpStatusCode.OK);
        Assert.Equal(Rows + 1, list.GetProperty("totalResults").GetInt64());
        await using var count = new NpgsqlCommand("SELECT count(*) FROM contacts WHERE stream_id = @stream AND status = 'ACTIVE'", holder);
        count.Parameters.AddWithValue("stream", api.StreamId);
        Assert.Equal((long)Rows + 1, (long)(await count.ExecuteScalarAsync(ct))!);
    }

    private static string Csv(IEnumerable<string> numbers)
    {
        var csv = new StringBuilder("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode\n");
        foreach (var number in numbers)
        {
            csv.Append("Dee,Lock,mr,").Append(number).Append(",+1\n");
        }
        return csv.ToString();
    }

    // Both files hold the number the other session took, so neither import can finish before it lets go:
    // both must come to wait. Watched from a connection of its own: inside the holder's transaction
    // pg_stat_activity is read once and kept until the transaction ends, so it would never change.
    private static async Task WaitForLockWaitersAsync(string db, int waiters, Task<HttpResponseMessage>[] imports, CancellationToken ct)
    {
        await using var watcher = new NpgsqlConnection(db);
        await watcher.OpenAsync(ct);
        await using var query = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
        long seen = 0;
        for (var i = 0; i < 2400; i++)
        {
            seen = (long)(await query.ExecuteScalarAsync(ct))!;
            if (seen >= waiters)
            {
                return;
            }
            await Task.Delay(50, ct);
        }
        var answers = string.Join(", ", imports.Select(t => t.IsCompletedSuccessfully ? ((int)t.Result.StatusCode).ToString(CultureInfo.InvariantCulture) : t.Status.ToString()));
        Assert.Fail($"the two imports did not both wait for a lock within 120 s: {seen} waiting; the imports: {answers}");
    }
}
