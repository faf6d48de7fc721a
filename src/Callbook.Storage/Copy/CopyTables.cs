using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Callbook.Storage.Copy;

/// <summary>What <see cref="StoreCopy"/> moves: every table and column of the live schemas, in foreign-key order.</summary>
internal static class CopyTables
{
    /// <summary>Tables derived from others, rebuilt on the target rather than copied (<see cref="StoreCopy"/>).</summary>
    private static readonly string[] Derived = ["contact_counts"];

    /// <summary>The tables to copy, with PostgreSQL's column types.</summary>
    /// <exception cref="InvalidOperationException">The schemas differ (a migration exists for one backend only) or a table has no primary key.</exception>
    public static IReadOnlyList<CopyTable> From(IReadOnlyList<SchemaTable> sqlite, IReadOnlyList<SchemaTable> postgres)
    {
        var differences = LiveSchema.Differences(sqlite, postgres);
        if (differences.Count > 0)
        {
            throw new InvalidOperationException("the SQLite and PostgreSQL schemas differ: " + string.Join("; ", differences));
        }
        var target = postgres.ToDictionary(t => t.Name, StringComparer.Ordinal);
        return [.. LiveSchema.DependencyOrder(sqlite, postgres).Where(table => !Derived.Contains(table.Name)).Select(table => table.Key.Count == 0
            ? throw new InvalidOperationException($"table {table.Name} has no primary key to check the copy by")
            : new CopyTable(table.Name, [.. target[table.Name].Columns.Select(c => new CopyColumn(c.Name, TypeOf(table.Name, c), table.Key.Contains(c.Name)))]))];
    }

    private static NpgsqlDbType TypeOf(string table, SchemaColumn column) => column.Type switch
    {
        "text" => NpgsqlDbType.Text,
        "bigint" => NpgsqlDbType.Bigint,
        "integer" => NpgsqlDbType.Integer,
        "smallint" => NpgsqlDbType.Smallint,
        "boolean" => NpgsqlDbType.Boolean,
        "bytea" => NpgsqlDbType.Bytea,
        _ => throw new InvalidOperationException($"column {table}.{column.Name} has type {column.Type}, which the copy does not know"),
    };
}

internal sealed record CopyTable(string Name, IReadOnlyList<CopyColumn> Columns);

internal sealed record CopyColumn(string Name, NpgsqlDbType Type, bool Key = false)
{
    public object Read(SqliteDataReader reader, int ordinal) => Type switch
    {
        NpgsqlDbType.Bigint => reader.GetInt64(ordinal),
        NpgsqlDbType.Integer => reader.GetInt32(ordinal),
        NpgsqlDbType.Smallint => reader.GetInt16(ordinal),
        NpgsqlDbType.Boolean => reader.GetInt64(ordinal) != 0,
        NpgsqlDbType.Bytea => (byte[])reader.GetValue(ordinal),
        _ => reader.GetString(ordinal),
    };

    /// <summary>The batch of this column as one typed PostgreSQL array parameter.</summary>
    public NpgsqlParameter Array(List<object?> values) => Type switch
    {
        NpgsqlDbType.Bigint => new() { NpgsqlDbType = NpgsqlDbType.Array | Type, Value = values.Select(v => (long?)v).ToArray() },
        NpgsqlDbType.Integer => new() { NpgsqlDbType = NpgsqlDbType.Array | Type, Value = values.Select(v => (int?)v).ToArray() },
        NpgsqlDbType.Smallint => new() { NpgsqlDbType = NpgsqlDbType.Array | Type, Value = values.Select(v => (short?)v).ToArray() },
        NpgsqlDbType.Boolean => new() { NpgsqlDbType = NpgsqlDbType.Array | Type, Value = values.Select(v => (bool?)v).ToArray() },
        NpgsqlDbType.Bytea => new() { NpgsqlDbType = NpgsqlDbType.Array | Type, Value = values.Select(v => (byte[]?)v).ToArray() },
        _ => new() { NpgsqlDbType = NpgsqlDbType.Array | Type, Value = values.Select(v => (string?)v).ToArray() },
    };
}
