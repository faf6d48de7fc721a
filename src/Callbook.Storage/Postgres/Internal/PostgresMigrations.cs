using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Npgsql;

namespace Callbook.Storage.Postgres.Internal;

/// <summary>
/// Versioned, forward-only migrations embedded as Postgres/Migrations/NNNN_name.sql, applied in one
/// transaction that holds an advisory lock: nodes starting at once take turns, and the later ones
/// find nothing left to do.
/// </summary>
internal static class PostgresMigrations
{
    private const string Prefix = "Callbook.Storage.Postgres.Migrations.";

    // Any constant shared by every node works; this one is "callbook" in ASCII.
    private const long LockKey = 0x63616c6c626f6f6b;

    [SuppressMessage("Security", "CA2100", Justification = "The SQL run is this assembly's embedded migration scripts; the one value recorded goes through parameters.")]
    public static async Task<int> ApplyAsync(NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", LockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)",
            connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        // Every version not yet recorded, not only those above the highest: a database migrated by a
        // branch that numbered its migration after another branch's still gets the other one.
        var done = new HashSet<int>();
        await using (var versions = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, transaction))
        await using (var reader = await versions.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                done.Add(reader.GetInt32(0));
            }
        }
        var applied = 0;
        foreach (var (number, name, sql) in Load())
        {
            if (done.Contains(number))
            {
                continue;
            }
            await using (var migrate = new NpgsqlCommand(sql, connection, transaction))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)", connection, transaction);
            record.Parameters.AddWithValue("v", number);
            record.Parameters.AddWithValue("n", name);
            record.Parameters.AddWithValue("t", clock.GetUtcNow().ToUnixTimeMilliseconds());
            await record.ExecuteNonQueryAsync(cancellationToken);
            applied++;
        }
        await transaction.CommitAsync(cancellationToken);
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
