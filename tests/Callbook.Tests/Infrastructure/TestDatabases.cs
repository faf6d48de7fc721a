using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Callbook.Tests.Infrastructure;

/// <summary>Makes an empty database location for a backend, and opens one to read it straight.</summary>
public static class TestDatabases
{
    public static string Create(string backend)
    {
        Backends.SkipIfUnavailable(backend);
        return backend switch
        {
            Backends.Sqlite => "sqlite:" + Path.Combine(Path.GetTempPath(), "callbook-tests", Guid.NewGuid().ToString("N"), "callbook.db"),
            Backends.Postgres => PostgresTestDatabase.Create(Backends.PostgresConnectionString!),
            _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, null),
        };
    }

    /// <summary>A connection (not opened) to <paramref name="db"/> for reading its tables directly; SQLite's is read-only.</summary>
    public static DbConnection OpenDirect(string db) => db.StartsWith("sqlite:", StringComparison.Ordinal)
        ? new SqliteConnection($"Data Source={db["sqlite:".Length..]};Mode=ReadOnly;Pooling=False")
        : new NpgsqlConnection(db);
}
