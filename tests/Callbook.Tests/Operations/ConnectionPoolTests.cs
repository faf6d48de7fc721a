using System.Net;
using System.Text.Json;
using Callbook.Storage;
using Callbook.Storage.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Callbook.Tests.Operations;

/// <summary>
/// A node holds a bounded number of PostgreSQL connections, and a database that cannot take a
/// request now (pool exhausted, out of connection slots, busy) is a 503 with Retry-After, not a 500.
/// </summary>
public sealed class ConnectionPoolTests
{
    [Theory]
    [InlineData("", PostgresDatabase.DefaultMaxPoolSize)]
    [InlineData(";Maximum Pool Size=7", 7)]
    [InlineData(";MaxPoolSize=3", 3)]
    [InlineData(";maxpoolsize=5", 5)]
    public async Task EachPoolHoldsAtMostTwentyConnectionsUnlessTheLocationSaysOtherwise(string extra, int expected)
    {
        var db = TestDatabases.Create(Backends.Postgres);
        await using var database = (PostgresDatabase)CallbookDatabases.Open(db + extra, TimeProvider.System);
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString).MaxPoolSize);
    }

    [Fact]
    public async Task AUrlSetsThePoolSizeAsAQueryParameter()
    {
        var db = new NpgsqlConnectionStringBuilder(TestDatabases.Create(Backends.Postgres));
        var url = $"postgres://{Uri.EscapeDataString(db.Username!)}:{Uri.EscapeDataString(db.Password ?? "")}@{db.Host}:{db.Port}/{db.Database}?Maximum%20Pool%20Size=4";
        await using var database = (PostgresDatabase)CallbookDatabases.Open(url, TimeProvider.System);
        Assert.Equal(4, new NpgsqlConnectionStringBuilder(database.DataSource.ConnectionString).MaxPoolSize);
    }

    [Fact]
    public async Task ARequestThatFindsThePoolExhaustedIsA503AndTheServiceRecovers()
    {
        var db = TestDatabases.Create(Backends.Postgres);
        var init = JsonDocument.Parse((await CallbookProcess.RunAsync("init", "--json", "--db", db)).Stdout).RootElement;
        var token = (await CallbookProcess.RunAsync("token", "--client-id", init.Str("clientId"), "--db", db)).Stdout.Trim();
        var port = CallbookProcess.FreePort();
        await using var node = await CallbookProcess.ServeAsync(db + ";Maximum Pool Size=1;Timeout=1", port, "--no-demo");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("auth", token);
        client.DefaultRequestHeaders.Add("accountId", init.Str("accountId"));
        var contacts = $"/agentassist/api/v1/public/{init.Str("streamId")}/contacts";
        var ct = TestContext.Current.CancellationToken;
        var created = await Bodies.ReadAsync(await client.PostAsync(contacts, Json(Bodies.Contacts(("Ada", "Lovelace", "2025550143", "+1"))), ct), HttpStatusCode.Created);
        var id = created[0].Str("id");

        // Another client locks the contact's row, so the node's update holds its only connection while it waits.
        await using var holder = new NpgsqlConnection(db);
        await holder.OpenAsync(ct);
        await using var lockTx = await holder.BeginTransactionAsync(ct);
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM contacts WHERE id = @id FOR UPDATE", holder, lockTx))
        {
            lockRow.Parameters.AddWithValue("id", id);
            await lockRow.ExecuteScalarAsync(ct);
        }
        var update = client.PutAsync($"{contacts}/{id}", Json(Bodies.Contact("Augusta", "Lovelace", "2025550143", "+1").ToJsonString()), ct);
        await WaitForLockWaitAsync(holder, ct);

        using var busy = await client.GetAsync($"{contacts}/{id}", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("1", busy.Headers.GetValues("Retry-After").Single());
        var error = (await Bodies.ReadAsync(busy, HttpStatusCode.ServiceUnavailable)).GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("SERVICE_UNAVAILABLE", error.Str("code"));
        Assert.StartsWith("the database cannot take this request now; retry later (request id ", error.Str("msg"), StringComparison.Ordinal);
        Assert.False(update.IsCompleted);

        await lockTx.RollbackAsync(ct);
        var updated = await Bodies.ReadAsync(await update, HttpStatusCode.OK);
        Assert.Equal("Augusta", updated.Str("firstName"));
        var read = await Bodies.ReadAsync(await client.GetAsync($"{contacts}/{id}", ct), HttpStatusCode.OK);
        Assert.Equal("Augusta", read.Str("firstName"));
    }

    [Fact]
    public void TheDatabaseFaultsThatMeanRetryLaterAreToldFromBugs()
    {
        Assert.True(DatabaseFaults.IsUnavailable(new PostgresException("sorry, too many clients already", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections)));
        Assert.True(DatabaseFaults.IsUnavailable(new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow)));
        Assert.True(DatabaseFaults.IsUnavailable(new PostgresException("out of memory", "ERROR", "ERROR", PostgresErrorCodes.OutOfMemory)));
        Assert.True(DatabaseFaults.IsUnavailable(new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected)));
        Assert.True(DatabaseFaults.IsUnavailable(new PostgresException("could not serialize access", "ERROR", "ERROR", PostgresErrorCodes.SerializationFailure)));
        Assert.True(DatabaseFaults.IsUnavailable(new PostgresException("canceling statement due to lock timeout", "ERROR", "ERROR", PostgresErrorCodes.LockNotAvailable)));
        Assert.True(DatabaseFaults.IsUnavailable(new NpgsqlException("The connection pool has been exhausted", new TimeoutException())));
        Assert.True(DatabaseFaults.IsUnavailable(new SqliteException("database is locked", 5)));
        Assert.False(DatabaseFaults.IsUnavailable(new PostgresException("syntax error", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError)));
        Assert.False(DatabaseFaults.IsUnavailable(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
        Assert.False(DatabaseFaults.IsUnavailable(new SqliteException("no such table: contacts", 1)));
        Assert.False(DatabaseFaults.IsUnavailable(new InvalidOperationException("a bug")));
    }

    private static async Task WaitForLockWaitAsync(NpgsqlConnection holder, CancellationToken ct)
    {
        for (var i = 0; i < 200; i++)
        {
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'callbook' AND wait_event_type = 'Lock'", holder);
            if ((long)(await waiting.ExecuteScalarAsync(ct))! > 0)
            {
                return;
            }
            await Task.Delay(50, ct);
        }
        throw new TimeoutException("the node's update never waited on the locked row");
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
