namespace Callbook.Tests.Infrastructure;

/// <summary>
/// The storage backends every behaviour test runs against. PostgreSQL runs only when
/// CALLBOOK_TEST_POSTGRES holds a connection string (scripts/test-with-postgres.sh sets it);
/// otherwise those cases show up as skipped, with the reason.
/// </summary>
public static class Backends
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string PostgresVariable = "CALLBOOK_TEST_POSTGRES";

    public static TheoryData<string> All => new(Sqlite, Postgres);

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public static void SkipIfUnavailable(string backend)
    {
        if (backend == Postgres && PostgresConnectionString is null)
        {
            Assert.Skip($"PostgreSQL is not configured: set {PostgresVariable} (scripts/test-with-postgres.sh does) to run these cases.");
        }
    }
}
