namespace Callbook.Tests.Infrastructure;

/// <summary>Makes an empty database location for a backend.</summary>
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
}
