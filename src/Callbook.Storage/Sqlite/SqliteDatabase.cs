using Callbook.Storage.Phones;
using Callbook.Storage.Sql;
using Callbook.Storage.Sqlite.Internal;
using Callbook.Stores;
using Microsoft.Data.Sqlite;

namespace Callbook.Storage.Sqlite;

/// <summary>
/// The embedded store. SQLite allows one writer at a time, so every write goes through one
/// long-lived connection behind an async gate (no "database is locked" between requests of
/// this process); reads use pooled read-only connections, which WAL lets run beside the writer.
/// Other processes (the CLI) writing at the same time wait on SQLite's busy timeout.
/// </summary>
public sealed class SqliteDatabase : ICallbookDatabase
{
    private const int MaxIdleReaders = 32;
    private static readonly string AddCountsSql = ContactCounters.Add(ContactCounters.SqliteSlot);
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentBag<ReadConnection> idleReaders = [];
    private bool closed;
    private readonly string readConnectionString;
    private readonly SqliteConnection writer;

    private SqliteDatabase(string path, TimeProvider clock, Callbook.Tenancy.ISecretProtector secrets)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
            ForeignKeys = true,
        };
        writer = new SqliteConnection(builder.ConnectionString);
        builder.Mode = SqliteOpenMode.ReadOnly;
        builder.ForeignKeys = null;
        readConnectionString = builder.ConnectionString;
        Clock = clock;
        var contacts = new SqliteContactStore(this);
        Contacts = contacts;
        ContactOperations = contacts;
        Dialect = new SqliteDialect(this);
        var tenancy = new CachedTenancyStore(new SqlTenancyStore(Dialect, secrets), clock);
        Auth = tenancy;
        Tenancy = tenancy;
        Idempotency = new SqlIdempotencyStore(Dialect);
        var webhooks = new SqlWebhookStore(Dialect);
        Webhooks = webhooks;
        WebhookOperations = webhooks;
        WebhookDispatch = new SqliteWebhookDispatch(this);
        ConsoleUsers = new SqlConsoleUserStore(Dialect);
    }

    public string Kind => "sqlite";

    public IContactStore Contacts { get; }

    public IContactOperatorStore ContactOperations { get; }

    public IAuthStore Auth { get; }

    /// <summary>One file, one writer: reads always see every write.</summary>
    public IContactReads ContactReads => Contacts;

    public ITenancyStore Tenancy { get; }

    public IIdempotencyStore Idempotency { get; }

    public IWebhookStore Webhooks { get; }

    public IWebhookOperatorStore WebhookOperations { get; }

    public IWebhookDispatchStore WebhookDispatch { get; }

    public IConsoleUserStore ConsoleUsers { get; }

    internal TimeProvider Clock { get; }

    /// <summary>How the shared SQL stores run here.</summary>
    internal SqliteDialect Dialect { get; }

    /// <summary>Opens (creating if needed) the database file and its folder, in WAL mode.</summary>
    public static SqliteDatabase Open(string path, TimeProvider clock, Callbook.Tenancy.ISecretProtector secrets)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        var database = new SqliteDatabase(path, clock, secrets);
        database.writer.Open();
        // WAL lets readers run beside the one writer; FULL makes every commit durable once acknowledged.
        // secure_delete: what a write frees (an old name, a deleted row, a dropped page) is overwritten
        // with zeros, so an erased person's data does not live on in free space.
        using var pragma = database.writer.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;";
        pragma.ExecuteNonQuery();
        return database;
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await SqlMigrations.ApplyAsync(Dialect, cancellationToken);
        // Data upgrades after the schema: one write transaction per batch, so requests interleave with them.
        while (await WriteAsync(tx => PhoneUpgrade.RunBatchAsync(tx.Command, lockPosition: false, Clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken), cancellationToken))
        {
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "PhoneCollisions passes constant SQL; values are parameters.")]
    public async Task<IReadOnlyList<PhoneCollision>> FindPhoneCollisionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        return await PhoneCollisions.FindAsync(sql =>
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            return command;
        }, cancellationToken);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenReaderAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM schema_migrations";
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public Task<byte[]> GetOrCreateSecretAsync(string name, CancellationToken cancellationToken) => SqlSecrets.GetOrCreateAsync(Dialect, name, cancellationToken);

    /// <summary>
    /// Copies every committed page into the database file and truncates the WAL to nothing
    /// (<c>wal_checkpoint(TRUNCATE)</c>), so that older page images held there are gone. A reader in
    /// the middle of a transaction holds its snapshot: the checkpoint is tried again for up to 10 s.
    /// </summary>
    /// <returns>False when readers kept the WAL busy the whole time.</returns>
    internal async Task<bool> CheckpointAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            await writeGate.WaitAsync(cancellationToken);
            try
            {
                await using var checkpoint = writer.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                await using var reader = await checkpoint.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == 0)
                {
                    return true;
                }
            }
            finally
            {
                writeGate.Release();
            }
            await Task.Delay(50, cancellationToken);
        }
        return false;
    }

    /// <summary>A read-only connection with its prepared statements, from the idle ones when there is one; dispose gives it back.</summary>
    internal async Task<ReadConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        if (idleReaders.TryTake(out var idle))
        {
            return idle;
        }
        var connection = new SqliteConnection(readConnectionString);
        await connection.OpenAsync(cancellationToken);
        return new ReadConnection(connection, GiveBack);
    }

    private void GiveBack(ReadConnection reader)
    {
        if (Volatile.Read(ref closed) || idleReaders.Count >= MaxIdleReaders)
        {
            reader.Close();
            return;
        }
        idleReaders.Add(reader);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one IMMEDIATE transaction on the writer; commits unless it asks to
    /// roll back or throws. The contact counters the work changed are written last, just before COMMIT.
    /// </summary>
    internal async Task<T> WriteAsync<T>(Func<WriteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await writer.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
            var context = new WriteTransaction(writer, transaction);
            T result;
            try
            {
                result = await work(context);
                if (!context.RollbackRequested)
                {
                    await context.Counters.ApplyAsync(context.Command, AddCountsSql, cancellationToken);
                }
            }
            catch
            {
                await transaction.RollbackAsync(CancellationToken.None);
                throw;
            }
            if (context.RollbackRequested)
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
            else
            {
                await transaction.CommitAsync(CancellationToken.None);
            }
            return result;
        }
        finally
        {
            writeGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref closed, true);
        while (idleReaders.TryTake(out var reader))
        {
            reader.Close();
        }
        await writeGate.WaitAsync();
        await writer.DisposeAsync();
        writeGate.Dispose();
    }
}
