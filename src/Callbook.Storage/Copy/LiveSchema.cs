using Microsoft.Data.Sqlite;
using Npgsql;

namespace Callbook.Storage.Copy;

/// <summary>One table of a migrated database, as the database itself describes it.</summary>
/// <param name="Key">The primary key's columns, in key order.</param>
/// <param name="References">The tables its foreign keys point to.</param>
internal sealed record SchemaTable(string Name, IReadOnlyList<SchemaColumn> Columns, IReadOnlyList<string> Key, IReadOnlyList<string> References);

/// <param name="Type">The declared type, lower case (SQLite: <c>integer</c>, <c>text</c>, <c>blob</c>; PostgreSQL: <c>bigint</c>, <c>boolean</c>, <c>bytea</c>…).</param>
internal sealed record SchemaColumn(string Name, string Type)
{
    /// <summary>What the value is, whichever backend stores it: "integer" (flags, counts and Unix-millisecond times too), "text" or "bytes".</summary>
    public string Family => Type switch
    {
        "integer" or "bigint" or "smallint" or "boolean" => "integer",
        "text" => "text",
        "blob" or "bytea" => "bytes",
        _ => Type,
    };
}

/// <summary>
/// Reads the schema the migrations built, from the database's own catalogue (SQLite's
/// <c>sqlite_master</c> and <c>pragma_table_info</c>, PostgreSQL's <c>information_schema</c>), so
/// that <c>callbook copy</c> and the schema check never keep a third copy of it. The migrations'
/// own bookkeeping (<c>schema_migrations</c>) is left out.
/// </summary>
internal static class LiveSchema
{
    private const string Bookkeeping = "schema_migrations";

    public static async Task<IReadOnlyList<SchemaTable>> ReadSqliteAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var columns = await ReadAsync(connection.CreateCommand(),
            "SELECT m.name, p.name, lower(p.type), p.pk FROM sqlite_master m, pragma_table_info(m.name) p " +
            "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' ORDER BY m.name, p.cid",
            r => (Table: r.GetString(0), Column: new SchemaColumn(r.GetString(1), r.GetString(2)), Key: r.GetInt32(3)), cancellationToken);
        var references = await ReadAsync(connection.CreateCommand(),
            "SELECT m.name, f.\"table\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'",
            r => (Table: r.GetString(0), Target: r.GetString(1)), cancellationToken);
        return Build(columns, references);
    }

    public static async Task<IReadOnlyList<SchemaTable>> ReadPostgresAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var columns = await ReadAsync(connection.CreateCommand(),
            "SELECT c.table_name::text, c.column_name::text, c.data_type::text, coalesce(k.ordinal_position, 0)::int " +
            "FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' " +
            "LEFT JOIN information_schema.table_constraints pk ON pk.table_schema = c.table_schema AND pk.table_name = c.table_name AND pk.constraint_type = 'PRIMARY KEY' " +
            "LEFT JOIN information_schema.key_column_usage k ON k.constraint_schema = pk.constraint_schema AND k.constraint_name = pk.constraint_name AND k.column_name = c.column_name " +
            "WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position",
            r => (Table: r.GetString(0), Column: new SchemaColumn(r.GetString(1), r.GetString(2)), Key: r.GetInt32(3)), cancellationToken);
        var references = await ReadAsync(connection.CreateCommand(),
            "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace",
            r => (Table: r.GetString(0), Target: r.GetString(1)), cancellationToken);
        return Build(columns, references);
    }

    /// <summary>What differs between two schemas: a table or column one of them lacks, or a column whose values are not of one family. Empty when they match.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<SchemaTable> sqlite, IReadOnlyList<SchemaTable> postgres)
    {
        var differences = new List<string>();
        var byName = postgres.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var table in sqlite)
        {
            if (!byName.Remove(table.Name, out var other))
            {
                differences.Add($"table {table.Name} exists only on SQLite");
                continue;
            }
            var columns = other.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
            foreach (var column in table.Columns)
            {
                if (!columns.Remove(column.Name, out var twin))
                {
                    differences.Add($"column {table.Name}.{column.Name} exists only on SQLite");
                }
                else if (column.Family != twin.Family)
                {
                    differences.Add($"column {table.Name}.{column.Name} is {column.Type} on SQLite but {twin.Type} on PostgreSQL");
                }
            }
            differences.AddRange(columns.Keys.Select(c => $"column {table.Name}.{c} exists only on PostgreSQL"));
            if (!table.Key.SequenceEqual(other.Key))
            {
                differences.Add($"table {table.Name} is keyed by ({string.Join(", ", table.Key)}) on SQLite but ({string.Join(", ", other.Key)}) on PostgreSQL");
            }
        }
        differences.AddRange(byName.Keys.Select(t => $"table {t} exists only on PostgreSQL"));
        return differences;
    }

    /// <summary>The tables, each after every table it references (on either backend), ties by name.</summary>
    public static IReadOnlyList<SchemaTable> DependencyOrder(IReadOnlyList<SchemaTable> tables, IReadOnlyList<SchemaTable> other)
    {
        var references = tables.Concat(other).GroupBy(t => t.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(t => t.References).Where(r => r != g.Key).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var ordered = new List<SchemaTable>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var left = tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(t => references[t.Name].All(r => placed.Contains(r) || left.All(l => l.Name != r)))
                ?? throw new InvalidOperationException("the tables' foreign keys form a cycle: " + string.Join(", ", left.Select(t => t.Name)));
            ordered.Add(next);
            placed.Add(next.Name);
            left.Remove(next);
        }
        return ordered;
    }

    private static IReadOnlyList<SchemaTable> Build(
        List<(string Table, SchemaColumn Column, int Key)> columns, List<(string Table, string Target)> references) =>
        [.. columns.Where(c => c.Table != Bookkeeping).GroupBy(c => c.Table, StringComparer.Ordinal).Select(g => new SchemaTable(
            g.Key,
            [.. g.Select(c => c.Column)],
            [.. g.Where(c => c.Key > 0).OrderBy(c => c.Key).Select(c => c.Column.Name)],
            [.. references.Where(r => r.Table == g.Key).Select(r => r.Target).Distinct(StringComparer.Ordinal)]))];

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Constant catalogue queries of this class.")]
    private static async Task<List<T>> ReadAsync<T>(System.Data.Common.DbCommand command, string sql, Func<System.Data.Common.DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using (command)
        {
            command.CommandText = sql;
            var rows = new List<T>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(map(reader));
            }
            return rows;
        }
    }
}
