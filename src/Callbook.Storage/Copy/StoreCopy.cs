using System.Diagnostics.CodeAnalysis;
using Callbook.Storage.Postgres;
using Callbook.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Callbook.Storage.Copy;

/// <summary>
/// Moves an embedded installation to PostgreSQL: every table and column the two migrated schemas
/// hold (read from the databases themselves, see <see cref="LiveSchema"/>), ids and timestamps
/// unchanged; the copy refuses to start when the schemas differ. Batches of rows
/// go in with <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING</c>, so an interrupted copy
/// is simply run again. After each batch the target is asked how many of the batch's keys it
/// holds; the copy succeeds only when that count equals the source's for every table. The contact
/// counters are not copied but rebuilt on the target from its rows.
/// </summary>
public static class StoreCopy
{
    private const int BatchSize = 5000;

    public static async Task<IReadOnlyList<TableReport>> CopyAsync(string from, string to, IProgress<CopyProgress> progress, CancellationToken cancellationToken)
    {
        if (!from.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) || !File.Exists(from["sqlite:".Length..]))
        {
            throw new ArgumentException("--from must name an existing SQLite database: sqlite:<path>");
        }
        await using var source = (SqliteDatabase)CallbookDatabases.Open(from, TimeProvider.System);
        await source.MigrateAsync(cancellationToken);
        await using var targetDatabase = CallbookDatabases.Open(to, TimeProvider.System);
        if (targetDatabase is not PostgresDatabase target)
        {
            throw new ArgumentException("--to must name a PostgreSQL database: postgres://user:pass@host:port/db");
        }
        await target.MigrateAsync(cancellationToken);

        var reports = new List<TableReport>();
        await using var reader = await source.OpenReaderAsync(cancellationToken);
        IReadOnlyList<CopyTable> tables;
        await using (var connection = await target.DataSource.OpenConnectionAsync(cancellationToken))
        {
            tables = CopyTables.From(await LiveSchema.ReadSqliteAsync(reader.Connection, cancellationToken), await LiveSchema.ReadPostgresAsync(connection, cancellationToken));
        }
        foreach (var table in tables)
        {
            reports.Add(await CopyTableAsync(reader.Connection, target.DataSource, table, progress, cancellationToken));
        }
        await AdvanceSequencesAsync(target.DataSource, cancellationToken);
        // The counters count what the target holds, copied or not (a target may already hold contacts,
        // a copy run twice skips rows it already has): rebuilt from its rows while its writers wait.
        await target.ContactOperations.RecountAsync(cancellationToken);
        return reports;
    }

    /// <summary>Moves every serial column's sequence past the highest copied value, so new rows do not collide with copied ids.</summary>
    [SuppressMessage("Security", "CA2100", Justification = "Table and column names come from PostgreSQL's own catalogue.")]
    private static async Task AdvanceSequencesAsync(NpgsqlDataSource target, CancellationToken cancellationToken)
    {
        var serials = new List<(string Table, string Column)>();
        await using (var find = target.CreateCommand(
            "SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = current_schema() " +
            "AND table_name <> 'schema_migrations' AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL"))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                serials.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (table, column) in serials)
        {
            await using var advance = target.CreateCommand(
                $"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), GREATEST((SELECT max({column}) FROM {table}), 1))");
            await advance.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    [SuppressMessage("Security", "CA2100", Justification = "Table and column names come from the databases' own catalogues, checked equal on both sides; values are parameters.")]
    private static async Task<TableReport> CopyTableAsync(SqliteConnection source, NpgsqlDataSource target, CopyTable table, IProgress<CopyProgress> progress, CancellationToken cancellationToken)
    {
        long total;
        await using (var count = source.CreateCommand())
        {
            count.CommandText = $"SELECT count(*) FROM {table.Name}";
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }
        var names = string.Join(", ", table.Columns.Select(c => c.Name));
        var parameters = string.Join(", ", table.Columns.Select((_, i) => "$" + (i + 1)));
        var insertSql = $"INSERT INTO {table.Name} ({names}) SELECT * FROM unnest({parameters}) ON CONFLICT DO NOTHING";
        var keyIndexes = table.Columns.Select((c, i) => (c, i)).Where(x => x.c.Key).Select(x => x.i).ToArray();
        var presentSql = $"SELECT count(*) FROM {table.Name} t JOIN unnest({string.Join(", ", keyIndexes.Select(i => "$" + (i + 1)))}) " +
                         $"AS k({string.Join(", ", keyIndexes.Select(i => table.Columns[i].Name))}) USING ({string.Join(", ", keyIndexes.Select(i => table.Columns[i].Name))})";

        long copied = 0;
        long present = 0;
        long read = 0;
        var batch = table.Columns.Select(_ => new List<object?>(BatchSize)).ToArray();
        await using var select = source.CreateCommand();
        select.CommandText = $"SELECT {names} FROM {table.Name} ORDER BY {string.Join(", ", keyIndexes.Select(i => table.Columns[i].Name))}";
        await using var rows = await select.ExecuteReaderAsync(cancellationToken);
        while (true)
        {
            var more = await rows.ReadAsync(cancellationToken);
            if (more)
            {
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    batch[c].Add(rows.IsDBNull(c) ? null : table.Columns[c].Read(rows, c));
                }
                read++;
            }
            if (batch[0].Count == BatchSize || (!more && batch[0].Count > 0))
            {
                copied += await InsertAsync(target, insertSql, table, batch, cancellationToken);
                await using (var check = target.CreateCommand(presentSql))
                {
                    AddArrays(check, table.Columns, batch, keyIndexes);
                    present += (long)(await check.ExecuteScalarAsync(cancellationToken))!;
                }
                foreach (var column in batch)
                {
                    column.Clear();
                }
                progress.Report(new CopyProgress(table.Name, read, total));
            }
            if (!more)
            {
                break;
            }
        }
        progress.Report(new CopyProgress(table.Name, read, total));
        return new TableReport(table.Name, total, copied, present);
    }

    // A stream's change number moves with every batch of its contacts, in the batch's transaction:
    // a node serving the target meanwhile must not page through the new rows with position marks
    // taken before them (the counters themselves are rebuilt at the end).
    private const string MoveChangeNumbersSql =
        "INSERT INTO contact_counts AS c (stream_id, slot, active, inactive, changes) SELECT DISTINCT s, 0, 0, 0, 1 FROM unnest($1::text[]) s " +
        "ON CONFLICT (stream_id, slot) DO UPDATE SET changes = c.changes + 1";

    [SuppressMessage("Security", "CA2100", Justification = "Table and column names come from the databases' own catalogues, checked equal on both sides; values are parameters.")]
    private static async Task<int> InsertAsync(NpgsqlDataSource target, string insertSql, CopyTable table, List<object?>[] batch, CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int inserted;
        await using (var insert = new NpgsqlCommand(insertSql, connection, transaction))
        {
            AddArrays(insert, table.Columns, batch, Enumerable.Range(0, table.Columns.Count));
            inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        if (table.Name == "contacts")
        {
            await using var move = new NpgsqlCommand(MoveChangeNumbersSql, connection, transaction);
            var streams = table.Columns.Select((c, i) => (c, i)).Single(x => x.c.Name == "stream_id").i;
            AddArrays(move, table.Columns, batch, [streams]);
            await move.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    private static void AddArrays(NpgsqlCommand command, IReadOnlyList<CopyColumn> columns, List<object?>[] batch, IEnumerable<int> indexes)
    {
        foreach (var i in indexes)
        {
            command.Parameters.Add(columns[i].Array(batch[i]));
        }
    }
}

public sealed record CopyProgress(string Table, long Done, long Total);

/// <param name="Present">Rows of the source whose key the target holds after the copy: equal to <see cref="Source"/> when nothing is missing.</param>
public sealed record TableReport(string Table, long Source, long Copied, long Present)
{
    public bool Complete => Present == Source;
}
