using Callbook.Storage.Phones;
using Callbook.Storage.Postgres.Internal;
using Callbook.Storage.Sql;
using Callbook.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Callbook.Storage.Postgres;

/// <summary>
/// The server store. One <see cref="NpgsqlDataSource"/> (one connection pool) serves the whole
/// database. Several nodes may write at once, so every rule (one active contact per number,
/// a token id used once) is enforced by the database itself, and migrations serialise on an
/// advisory lock. With read standbys (<c>--db-read</c>) a second data source reaches them, and
/// <see cref="ContactReads"/> reads there (<see cref="PostgresReads"/>); everything else uses the primary.
/// </summary>
public sealed partial class PostgresDatabase : ICallbookDatabase
{
    private const int MaxAttempts = 5;
    private static readonly string AddCountsSql = ContactCounters.Add(ContactCounters.PostgresSlot);

    /// <summary>The Application Name of each pool unless the connection string sets one, so pg_stat_activity shows who asked.</summary>
    public const string PrimaryApplicationName = "callbook";

    /// <inheritdoc cref="PrimaryApplicationName"/>
    public const string ReadApplicationName = "callbook-read";

    private readonly NpgsqlDataSource? standbys;
    private readonly ILogger logger;

    private PostgresDatabase(NpgsqlDataSource dataSource, NpgsqlDataSource? standbys, TimeProvider clock, Callbook.Tenancy.ISecretProtector secrets, ILogger logger)
    {
        DataSource = dataSource;
        this.standbys = standbys;
        this.logger = logger;
        Clock = clock;
        var contacts = new PostgresContactStore(this, new PostgresReads(dataSource, null));
        Contacts = contacts;
        ContactOperations = contacts;
        ContactReads = standbys is null ? contacts : new PostgresContactStore(this, new PostgresReads(dataSource, standbys));
        Dialect = new PostgresDialect(this);
        var tenancy = new CachedTenancyStore(new SqlTenancyStore(Dialect, secrets), clock);
        Auth = tenancy;
        Tenancy = tenancy;
        Idempotency = new SqlIdempotencyStore(Dialect);
        var webhooks = new SqlWebhookStore(Dialect);
        Webhooks = webhooks;
        WebhookOperations = webhooks;
        WebhookDispatch = new PostgresWebhookDispatch(this);
        ConsoleUsers = new SqlConsoleUserStore(Dialect);
    }

    public string Kind => "postgres";

    public IContactStore Contacts { get; }

    public IContactOperatorStore ContactOperations { get; }

    public IAuthStore Auth { get; }

    public IContactReads ContactReads { get; }

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
    /// <param name="standbysLocation">The read standbys (<c>--db-read</c>), or null to read on the primary too.</param>
    /// <param name="loggers">Where upkeep that could not run after a committed write is logged (<see cref="RunUpkeepAsync"/>); none when null.</param>
    /// <exception cref="ArgumentException">A location that names no database, or a primary listing several hosts without asking for the primary.</exception>
    public static PostgresDatabase Open(string location, TimeProvider clock, Callbook.Tenancy.ISecretProtector secrets, string? standbysLocation = null, ILoggerFactory? loggers = null) =>
        new(CreateDataSource(WithDefaults(PostgresLocation.Primary(location), PrimaryApplicationName)),
            standbysLocation is null ? null : CreateDataSource(WithDefaults(PostgresLocation.Standbys(standbysLocation), ReadApplicationName)),
            clock, secrets, (loggers ?? NullLoggerFactory.Instance).CreateLogger<PostgresDatabase>());

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
    /// Callbook's pool settings, each only where the connection string does not set it:
    /// <list type="bullet">
    /// <item><c>Application Name</c> <paramref name="applicationName"/>, so pg_stat_activity shows who asked.</item>
    /// <item><c>Max Auto Prepare=64</c>: statements run often (the caller lookup, the auth reads, a list
    /// shape) are prepared per connection after a few uses, so PostgreSQL stops parsing them on every
    /// request; it keeps planning with the actual values until a generic plan proves no worse.</item>
    /// <item><c>No Reset On Close=true</c>: Npgsql's reset of a pooled connection (with prepared statements
    /// kept: <c>SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *;
    /// SELECT pg_advisory_unlock_all(); DISCARD SEQUENCES; DISCARD TEMP</c>) cost the server seven
    /// statements per request, and nothing here leaves session state behind (every lock and
    /// setting is the transaction's own).</item>
    /// <item><c>Maximum Pool Size</c> <see cref="DefaultMaxPoolSize"/>: Npgsql's own 100 lets two busy
    /// nodes exhaust a default server's <c>max_connections</c> (100), and connections beyond the
    /// database's cores only queue there. A request that finds the pool full waits up to
    /// <c>Timeout</c> (15 s) for a connection, then gets 503 (docs/scaling.md §3).</item>
    /// </list>
    /// </summary>
    private static string WithDefaults(string connectionString, string applicationName)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = applicationName;
        }
        if (builder.MaxAutoPrepare == 0 && !connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
        }
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }
        if (!MaxPoolSizeKeyword().IsMatch(connectionString))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }
        return builder.ConnectionString;
    }

    /// <summary>Callbook's <c>Maximum Pool Size</c> per pool (primary, and standbys) when the connection string sets none.</summary>
    public const int DefaultMaxPoolSize = 20;

    [System.Text.RegularExpressions.GeneratedRegex(@"max(imum)?\s*pool\s*size\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex MaxPoolSizeKeyword();

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
    /// times, when <paramref name="retry"/> allows: the work must then build all its state afresh. The
    /// contact counters the work changed are written last, just before COMMIT.
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
                if (!context.RollbackRequested)
                {
                    // Last, so the counter row is held only from here to the commit (ContactCounters).
                    await context.Counters.ApplyAsync(context.Command, AddCountsSql, cancellationToken);
                }
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
    /// Runs upkeep that follows a committed write: <c>ANALYZE</c> after a big import, <c>VACUUM</c>
    /// after an erasure, both with <c>SKIP_LOCKED</c> in <paramref name="sql"/>. The write's answer
    /// does not depend on it and never waits for another session's lock on a table (an autovacuum,
    /// another ANALYZE): such a table is skipped and autovacuum gets to it later. When the upkeep
    /// cannot run at all (no free connection, the server going away, the client gone), the write
    /// stays committed and is answered as done. Both are logged as warnings. Answering such a write
    /// with a 503 or 500 told the client to retry a write that had happened: an import retried so
    /// found every number taken.
    /// </summary>
    /// <param name="sql">The upkeep statement (a role that does not own the tables gets a warning, not an error).</param>
    /// <param name="commandTimeout">Seconds before the statement is given up (0: never), or null for the connection string's.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Callers pass constant SQL of this assembly, with no values.")]
    internal async Task RunUpkeepAsync(string sql, int? commandTimeout, CancellationToken cancellationToken)
    {
        var statement = sql.Split(' ', 2)[0];
        try
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
            // PostgreSQL reports a table skipped for its lock as a WARNING notice, not as an error.
            connection.Notice += (_, e) => logger.LogWarning("Upkeep after a committed write ({Statement}): {Notice}", statement, e.Notice.MessageText);
            await using var command = new NpgsqlCommand(sql, connection);
            if (commandTimeout is { } seconds)
            {
                command.CommandTimeout = seconds;
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            logger.LogWarning("Upkeep after a committed write did not run ({Statement}): {Error}; autovacuum will do it later",
                statement, e.GetType().Name + ": " + e.Message);
        }
    }

    private static bool IsTransient(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure ||
        (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == ContactRows.ActivePhoneIndex);

    public Task<byte[]> GetOrCreateSecretAsync(string name, CancellationToken cancellationToken) => SqlSecrets.GetOrCreateAsync(Dialect, name, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (standbys is not null)
        {
            await standbys.DisposeAsync();
        }
    }
}
