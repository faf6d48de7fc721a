using Callbook.Storage.Phones;
using Callbook.Storage.Postgres.Internal;
using Callbook.Storage.Sql;
using Callbook.Stores;
using Npgsql;

namespace Callbook.Storage.Postgres;

/// <summary>
/// The server store. One <see cref="NpgsqlDataSource"/> (one connection pool) serves the whole
/// database. Several nodes may write at once, so every rule (one active contact per number,
/// a token id used once) is enforced by the database itself, and migrations serialise on an
/// advisory lock.
/// </summary>
public sealed class PostgresDatabase : ICallbookDatabase
{
    private const int MaxAttempts = 5;

    private PostgresDatabase(NpgsqlDataSource dataSource, TimeProvider clock, Callbook.Tenancy.ISecretProtector secrets)
    {
        DataSource = dataSource;
        Clock = clock;
        Contacts = new PostgresContactStore(this);
        Dialect = new PostgresDialect(this);
        Tenancy = new CachedTenancyStore(new SqlTenancyStore(Dialect, secrets), clock);
        Idempotency = new SqlIdempotencyStore(Dialect);
        var webhooks = new SqlWebhookStore(Dialect);
        Webhooks = webhooks;
        WebhookOperations = webhooks;
        WebhookDispatch = new PostgresWebhookDispatch(this);
        ConsoleUsers = new SqlConsoleUserStore(Dialect);
    }

    public string Kind => "postgres";

    public IContactStore Contacts { get; }

    public ITenancyStore Tenancy { get; }

    public IIdempotencyStore Idempotency { get; }

    public IWebhookStore Webhooks { get; }

    public IWebhookOperatorStore WebhookOperations { get; }

    public IWebhookDispatchStore WebhookDispatch { get; }

    public IConsoleUserStore ConsoleUsers { get; }

    internal TimeProvider Clock { get; }

    /// <summary>How the shared SQL stores run here.</summary>
    internal PostgresDialect Dialect { get; }

    internal NpgsqlDataSource DataSource { get; }

    /// <summary>Opens a pool for a <c>postgres://</c> URL or an Npgsql connection string; connects on first use.</summary>
    public static PostgresDatabase Open(string location, TimeProvider clock, Callbook.Tenancy.ISecretProtector secrets) =>
        new(CreateDataSource(WithAutoPrepare(PostgresLocation.ToConnectionString(location))), clock, secrets);

    /// <summary>
    /// Npgsql serves <c>Target Session Attributes</c> (and several hosts) only through a multi-host
    /// data source, which takes the attribute per wrapper rather than in the connection string; a
    /// plain <see cref="NpgsqlDataSource.Create(string)"/> refuses it with a NotSupportedException.
    /// </summary>
    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var target = builder.TargetSessionAttributes;
        if (string.IsNullOrEmpty(target) && builder.Host?.Contains(',', StringComparison.Ordinal) != true)
        {
            return NpgsqlDataSource.Create(connectionString);
        }
        builder.TargetSessionAttributes = null;
        var multiHost = new NpgsqlDataSourceBuilder(builder.ConnectionString).BuildMultiHost();
        if (string.IsNullOrEmpty(target))
        {
            return multiHost;
        }
        return Enum.TryParse<TargetSessionAttributes>(target.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var attributes)
            ? multiHost.WithTargetSession(attributes)
            : throw new ArgumentException($"Target Session Attributes '{target}' is not one of any, primary, standby, prefer-primary, prefer-standby, read-write, read-only");
    }

    /// <summary>
    /// Statements run often (the caller lookup, the auth reads, a list shape) are prepared per
    /// connection after a few uses, so PostgreSQL stops parsing them on every request. PostgreSQL
    /// itself keeps planning with the actual values until a generic plan proves no worse.
    /// A connection handed back to the pool is not reset: Npgsql's reset (with prepared statements
    /// kept: <c>SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *;
    /// SELECT pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD TEMP</c>) cost the server seven
    /// statements per request, and nothing here leaves session state behind (every lock and
    /// setting is the transaction's own). <c>Max Auto Prepare</c> or <c>No Reset On Close</c>
    /// in the connection string wins.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0 && !connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
        }
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await SqlMigrations.ApplyAsync(Dialect, cancellationToken);
        // Data upgrades after the schema; the position row is locked per batch, so nodes starting together take turns.
        while (await WriteAsync(tx => PhoneUpgrade.RunBatchAsync(tx.Command, lockPosition: true, Clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken), cancellationToken))
        {
        }
    }

    public Task<IReadOnlyList<PhoneCollision>> FindPhoneCollisionsAsync(CancellationToken cancellationToken) =>
        PhoneCollisions.FindAsync(DataSource.CreateCommand, cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = DataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one READ COMMITTED transaction; commits unless it asks to roll
    /// back or throws. A deadlock, a serialization failure or a race on the active-phone index
    /// (another node inserted the number after we looked) reruns the whole work, a bounded number of
    /// times, when <paramref name="retry"/> allows: the work must then build all its state afresh.
    /// </summary>
    internal async Task<T> WriteAsync<T>(Func<PgTransaction, Task<T>> work, CancellationToken cancellationToken, bool retry = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
            var context = new PgTransaction(connection, transaction);
            T result;
            try
            {
                result = await work(context);
            }
            catch (PostgresException e) when (retry && attempt < MaxAttempts && IsTransient(e))
            {
                continue; // disposing the transaction rolls it back
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
    }

    /// <summary>
    /// Refreshes the planner statistics of contacts and of the webhook outbox an import may have
    /// filled (a role that does not own the tables gets a warning, not an error).
    /// </summary>
    internal async Task AnalyzeContactsAsync(CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand("ANALYZE contacts, webhook_deliveries");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool IsTransient(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure ||
        (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == ContactRows.ActivePhoneIndex);

    public Task<byte[]> GetOrCreateSecretAsync(string name, CancellationToken cancellationToken) => SqlSecrets.GetOrCreateAsync(Dialect, name, cancellationToken);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
