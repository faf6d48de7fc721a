using Microsoft.Data.Sqlite;
using Npgsql;

namespace Callbook.Tests.Infrastructure;

/// <summary>The stores' own consistency checks: SQLite's integrity_check, PostgreSQL's amcheck on every index of the contacts table.</summary>
public static class Integrity
{
    public static async Task AssertSoundAsync(string db)
    {
        var ct = TestContext.Current.CancellationToken;
        if (db.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            await using var connection = new SqliteConnection($"Data Source={db["sqlite:".Length..]};Pooling=False");
            await connection.OpenAsync(ct);
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync(ct));
            return;
        }
        await using var source = NpgsqlDataSource.Create(db);
        await using (var extension = source.CreateCommand("CREATE EXTENSION IF NOT EXISTS amcheck"))
        {
            await extension.ExecuteNonQueryAsync(ct);
        }
        await using var indexes = source.CreateCommand(
            "SELECT count(*) FROM (SELECT bt_index_check(i.indexrelid, true) FROM pg_index i WHERE i.indrelid IN ('contacts'::regclass, 'contact_history'::regclass)) checked");
        Assert.True((long)(await indexes.ExecuteScalarAsync(ct))! >= 7);
    }
}
