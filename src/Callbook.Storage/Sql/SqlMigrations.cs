using System.Globalization;
using System.Reflection;

namespace Callbook.Storage.Sql;

/// <summary>
/// Versioned, forward-only migrations embedded as Sqlite/Migrations or Postgres/Migrations
/// NNNN_name.sql (the schema is written once per backend), applied in one write transaction. On
/// PostgreSQL that transaction holds an advisory lock first: nodes starting at once take turns, and
/// the later ones find nothing left to do.
/// </summary>
internal static class SqlMigrations
{
    // Any constant shared by every node works; this one is "callbook" in ASCII.
    private const long LockKey = 0x63616c6c626f6f6b;

    /// <returns>How many migrations ran.</returns>
    public static Task<int> ApplyAsync(SqlDialect dialect, CancellationToken cancellationToken) =>
        dialect.WriteAsync(async session =>
        {
            await dialect.SerializeAsync(session, LockKey, cancellationToken);
            await session.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)", cancellationToken);
            // Every version not yet recorded, not only those above the highest: a database migrated by a
            // branch that numbered its migration after another branch's still gets the other one.
            var done = (await session.ListAsync("SELECT version FROM schema_migrations",
                r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken)).ToHashSet();
            var applied = 0;
            foreach (var (number, name, sql) in Load(dialect.MigrationsPrefix))
            {
                if (done.Contains(number))
                {
                    continue;
                }
                await session.ExecuteAsync(sql, cancellationToken);
                await session.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)", cancellationToken,
                    Arg.Int("v", number), Arg.Text("n", name), Arg.Long("t", dialect.Now));
                applied++;
            }
            return applied;
        }, cancellationToken);

    private static IEnumerable<(int Number, string Name, string Sql)> Load(string prefix)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var resource in names)
        {
            var name = resource[prefix.Length..^4];
            var number = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (number, name, reader.ReadToEnd());
        }
    }
}
