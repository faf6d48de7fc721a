using System.Data.Common;
using Callbook.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Callbook.Tests.Infrastructure;

/// <summary>
/// A database as an earlier release left it: the embedded migrations applied up to a number, with one
/// org, account and stream, and rows written straight into it (what a later migration or data upgrade must cope with).
/// </summary>
public static class PreviousSchema
{
    /// <summary>A connection to a new database at migration <paramref name="upTo"/>, holding org 'org', account 'acc' and <paramref name="streams"/>.</summary>
    public static async Task<DbConnection> OpenAsync(string backend, string location, int upTo, CancellationToken ct, params string[] streams)
    {
        DbConnection connection = backend == Backends.Sqlite
            ? new SqliteConnection("Data Source=" + Directory.CreateDirectory(Path.GetDirectoryName(location["sqlite:".Length..])!).FullName + "/callbook.db")
            : new NpgsqlConnection(location);
        await connection.OpenAsync(ct);
        await ExecAsync(connection, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)", ct);
        await ApplyAsync(connection, backend == Backends.Sqlite ? "Sqlite" : "Postgres", 1, ct, upTo);
        await ExecAsync(connection, "INSERT INTO orgs VALUES ('org', 'o', 0); INSERT INTO accounts VALUES ('acc', 'org', 'a', 0); " +
            string.Concat(streams.Select(stream => $"INSERT INTO streams (id, account_id, name, created_at) VALUES ('{stream}', 'acc', 's', 0); ")), ct);
        return connection;
    }

    /// <summary>Applies the embedded migrations numbered <paramref name="from"/> to <paramref name="upTo"/> of one backend's folder ("Sqlite", "Postgres"), recording each.</summary>
    public static async Task ApplyAsync(DbConnection connection, string folder, int from, CancellationToken ct, int upTo = 9999)
    {
        var assembly = typeof(CallbookDatabases).Assembly;
        var prefix = $"Callbook.Storage.{folder}.Migrations.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..^4];
            var number = int.Parse(name[..4], System.Globalization.CultureInfo.InvariantCulture);
            if (number < from || number > upTo)
            {
                continue;
            }
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            await ExecAsync(connection, await reader.ReadToEndAsync(ct), ct);
            await ExecAsync(connection, $"INSERT INTO schema_migrations VALUES ({number}, '{name}', 0)", ct);
        }
    }

    /// <summary>Writes a contact row as SQL alone would: no counter, history or event.</summary>
    public static async Task InsertContactAsync(DbConnection connection, string stream, string id, string number, string countryCode, string status, CancellationToken ct)
    {
        await using var insert = connection.CreateCommand();
        insert.CommandText =
            "INSERT INTO contacts (id, stream_id, account_id, org_id, first_name, last_name, salutation, phone_extension, phone_number, phone_country_code, " +
            "status, address, twitter_details, created_by, created_by_aid, created_at, updated_at, version, search_full, search_last) " +
            "VALUES (@id, @stream, 'acc', 'org', 'f', 'l', 'mr', '+', @number, @code, @status, '[]', '[]', 'u', 'a', 0, 0, 1, 'f l', 'l')";
        foreach (var (name, value) in new[] { ("id", id), ("stream", stream), ("number", number), ("code", countryCode), ("status", status) })
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            insert.Parameters.Add(parameter);
        }
        await insert.ExecuteNonQueryAsync(ct);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Test set-up: the SQL is the tests' own or the embedded migrations.")]
    public static async Task ExecAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
