using Callbook.Storage;
using Callbook.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Callbook.Tests.Contacts;

/// <summary>
/// SQLite's pooled read connections never lend a request an old snapshot: a reader given back
/// inside a read transaction, or with a statement stepped but not reset, is closed rather than
/// kept, and a reader given back twice is lent to one request only.
/// </summary>
public sealed class SqliteReadPoolTests
{
    [Fact]
    public async Task AReaderGivenBackInsideAReadTransactionIsNotLentAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await OpenAsync(ct);
        await using (var leaked = await database.OpenReaderAsync(ct))
        {
            // A read transaction that is never ended: its snapshot is the database before the write below.
            var transaction = leaked.BeginTransaction(deferred: true);
            Assert.Equal(0L, await CountAsync(leaked.Connection, transaction, ct));
            Assert.False(leaked.HoldsNoSnapshot());
        }
        await WriteAsync(database, ct);
        await using var next = await database.OpenReaderAsync(ct);
        Assert.True(next.HoldsNoSnapshot());
        Assert.Equal(1L, await CountAsync(next.Connection, null, ct));
    }

    [Fact]
    public async Task AReaderGivenBackWithAStatementStillSteppingIsNotLentAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await OpenAsync(ct);
        await WriteAsync(database, ct);
        await using (var leaked = await database.OpenReaderAsync(ct))
        {
            var command = leaked.Prepared("SELECT name FROM sqlite_master");
            var reader = await command.ExecuteReaderAsync(ct);   // never disposed: the statement stays busy
            Assert.True(await reader.ReadAsync(ct));
            Assert.False(leaked.HoldsNoSnapshot());
        }
        await WriteAsync(database, ct);
        await using var next = await database.OpenReaderAsync(ct);
        Assert.Equal(2L, await CountAsync(next.Connection, null, ct));
    }

    [Fact]
    public async Task AReaderDisposedTwiceIsLentToOneRequestOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await OpenAsync(ct);
        var first = await database.OpenReaderAsync(ct);
        await first.DisposeAsync();
        await first.DisposeAsync();
        await using var a = await database.OpenReaderAsync(ct);
        await using var b = await database.OpenReaderAsync(ct);
        Assert.NotSame(a.Connection, b.Connection);
    }

    private static async Task<SqliteDatabase> OpenAsync(CancellationToken ct)
    {
        var database = (SqliteDatabase)CallbookDatabases.Open(TestDatabases.Create(Backends.Sqlite), TimeProvider.System);
        await database.MigrateAsync(ct);
        return database;
    }

    /// <summary>One more row in a table every reader can count (the writer is the only one that can add it).</summary>
    private static Task WriteAsync(SqliteDatabase database, CancellationToken ct) =>
        database.WriteAsync(async tx =>
        {
            await using var insert = tx.Command("INSERT INTO orgs (id, name, created_at) VALUES ($id, 'pool', 0)");
            insert.Parameters.AddWithValue("$id", Guid.NewGuid().ToString("N"));
            return await insert.ExecuteNonQueryAsync(ct);
        }, ct);

    private static async Task<long> CountAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken ct)
    {
        await using var count = connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = "SELECT count(*) FROM orgs";
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }
}
