using System.Globalization;
using System.Reflection;

namespace Callbook.Storage.Sqlite.Internal;

/// <summary>Versioned, forward-only migrations embedded as Sqlite/Migrations/NNNN_name.sql.</summary>
internal static class SqliteMigrations
{
    private const string Prefix = "Callbook.Storage.Sqlite.Migrations.";

    public static async Task<int> ApplyAsync(WriteTransaction tx, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using (var create = tx.Command("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        // Every version not yet recorded, not only those above the highest: a database migrated by a
        // branch that numbered its migration after another branch's still gets the other one.
        var done = new HashSet<long>();
        await using (var versions = tx.Command("SELECT version FROM schema_migrations"))
        await using (var reader = await versions.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                done.Add(reader.GetInt64(0));
            }
        }
        var applied = 0;
        foreach (var (number, name, sql) in Load())
        {
            if (done.Contains(number))
            {
                continue;
            }
            await using (var migrate = tx.Command(sql))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var record = tx.Command("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $t)");
            record.Parameters.AddWithValue("$v", number);
            record.Parameters.AddWithValue("$n", name);
            record.Parameters.AddWithValue("$t", clock.GetUtcNow().ToUnixTimeMilliseconds());
            await record.ExecuteNonQueryAsync(cancellationToken);
            applied++;
        }
        return applied;
    }

    private static IEnumerable<(int Number, string Name, string Sql)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var resource in names)
        {
            var name = resource[Prefix.Length..^4];
            var number = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (number, name, reader.ReadToEnd());
        }
    }
}
