using Npgsql;

namespace Callbook.Tests.Infrastructure;

/// <summary>Creates a fresh, empty PostgreSQL database on the server CALLBOOK_TEST_POSTGRES names.</summary>
public static class PostgresTestDatabase
{
    /// <returns>A connection string for the new database, which the service migrates on start.</returns>
    public static string Create(string connectionString)
    {
        var name = "callbook_test_" + Guid.NewGuid().ToString("N");
        using (var dataSource = NpgsqlDataSource.Create(connectionString))
        using (var command = dataSource.CreateCommand($"CREATE DATABASE \"{name}\""))
        {
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
    }
}
