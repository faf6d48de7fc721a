namespace Callbook.Tests.Infrastructure;

/// <summary>Creates a fresh PostgreSQL database for a test server (filled in when the PostgreSQL store lands).</summary>
public static class PostgresTestDatabase
{
    public static string Create(string connectionString) =>
        throw new NotSupportedException("the PostgreSQL store is not built yet: " + connectionString.Length);
}
