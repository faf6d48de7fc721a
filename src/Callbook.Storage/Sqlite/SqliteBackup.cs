using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite;

/// <summary>What a backup wrote: the file, its size, and the rows of every table (equal in the source snapshot and the copy).</summary>
/// <param name="Bytes">Size of the backup file.</param>
/// <param name="Tables">Table name → rows, in name order.</param>
public sealed record BackupReport(string Path, long Bytes, IReadOnlyList<(string Table, long Rows)> Tables);

/// <summary>
/// A consistent copy of a live SQLite database with SQLite's online backup API. The source is read
/// in one read transaction (a WAL snapshot): writers carry on meanwhile, and the copy holds exactly
/// the transactions committed before the snapshot began, never a torn page. The copy is written to
/// <c>FILE.partial</c>, checked (<c>PRAGMA integrity_check</c>, and every table's row count against
/// the same snapshot of the source), and only then renamed to <c>FILE</c>.
/// </summary>
public static class SqliteBackup
{
    /// <exception cref="ArgumentException">The source is missing, or the target exists already.</exception>
    /// <exception cref="InvalidDataException">The copy failed its check (the partial file is deleted).</exception>
    public static async Task<BackupReport> CreateAsync(string sourcePath, string targetPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(sourcePath))
        {
            throw new ArgumentException($"no SQLite database at {sourcePath}");
        }
        if (File.Exists(targetPath))
        {
            throw new ArgumentException($"{targetPath} exists already: choose a new file (a backup never overwrites)");
        }
        var partial = targetPath + ".partial";
        File.Delete(partial);
        try
        {
            // Read-write mode, though only read: a WAL database left without its -shm file (serve stopped) cannot be opened read-only.
            await using var source = Open(sourcePath, SqliteOpenMode.ReadWrite);
            await source.OpenAsync(cancellationToken);
            await using var snapshot = source.BeginTransaction(deferred: true);
            // The first read starts the snapshot; the backup then copies the pages of that same snapshot.
            var counts = await CountAsync(source, snapshot, cancellationToken);
            await using (var target = Open(partial, SqliteOpenMode.ReadWriteCreate))
            {
                await target.OpenAsync(cancellationToken);
                source.BackupDatabase(target);
            }
            await snapshot.RollbackAsync(cancellationToken);
            await VerifyAsync(partial, counts, cancellationToken);
            SqliteConnection.ClearAllPools();
            File.Move(partial, targetPath);
            return new BackupReport(targetPath, new FileInfo(targetPath).Length, counts);
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            File.Delete(partial);
            throw;
        }
    }

    private static async Task VerifyAsync(string path, IReadOnlyList<(string Table, long Rows)> expected, CancellationToken cancellationToken)
    {
        // Read-write: the copy is in WAL mode, which a read-only connection cannot open without its -shm file.
        await using var copy = Open(path, SqliteOpenMode.ReadWrite);
        await copy.OpenAsync(cancellationToken);
        await using (var check = copy.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            var verdict = (string?)await check.ExecuteScalarAsync(cancellationToken);
            if (verdict != "ok")
            {
                throw new InvalidDataException($"the copy failed PRAGMA integrity_check: {verdict}");
            }
        }
        var actual = await CountAsync(copy, null, cancellationToken);
        if (!actual.SequenceEqual(expected))
        {
            throw new InvalidDataException("the copy's row counts differ from the source snapshot's");
        }
    }

    [SuppressMessage("Security", "CA2100", Justification = "Table names come from sqlite_master of the database itself and are quoted.")]
    private static async Task<IReadOnlyList<(string Table, long Rows)>> CountAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.Transaction = transaction;
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }
        var counts = new List<(string, long)>(tables.Count);
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.Transaction = transaction;
            count.CommandText = $"SELECT count(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            counts.Add((table, (long)(await count.ExecuteScalarAsync(cancellationToken))!));
        }
        return counts;
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode) => new(new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = false,
        DefaultTimeout = 30,
    }.ConnectionString);
}
