
namespace Callbook.Storage.Sql;

/// <summary>
/// What the shared SQL stores (tenancy, console users, idempotency keys, webhook subscriptions,
/// migrations, installation secrets) need to know of a backend; the statements themselves are
/// written once, in the dialect both SQLite and PostgreSQL accept (<c>@name</c> parameters,
/// <c>ON CONFLICT</c>, <c>RETURNING</c>, Unix-millisecond integers for times). Only the hot contact
/// paths, the outbox insert and the dispatcher's claim keep per-backend code.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>The time source of every store of the database.</summary>
    public abstract TimeProvider Clock { get; }

    /// <summary>The clock as Unix milliseconds, the unit of every time column.</summary>
    public long Now => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits it unless it asks to roll
    /// back or throws. SQLite: on the single writer. PostgreSQL: READ COMMITTED on a pooled
    /// connection, run again on a deadlock or serialization failure, so the work must build its
    /// state afresh each time.
    /// </summary>
    public abstract Task<T> WriteAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>A connection for reads outside any transaction; dispose gives it back.</summary>
    public abstract Task<SqlSession> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inside a write transaction, waits until no other transaction holding <paramref name="key"/>
    /// runs (PostgreSQL: a transaction-scoped advisory lock, for nodes starting together). SQLite
    /// has one writer, so nothing to wait for.
    /// </summary>
    public abstract Task SerializeAsync(SqlSession session, long key, CancellationToken cancellationToken);

    /// <summary>
    /// Inside a write transaction, takes the stream's erasure lock shared: erasures of the stream
    /// (which take it exclusively) wait for this transaction and it for them (PostgreSQL: a
    /// transaction-scoped advisory lock, <c>ErasureLock</c>). SQLite's single writer already orders them.
    /// </summary>
    public abstract Task ShareErasureLockAsync(SqlSession session, string streamId, CancellationToken cancellationToken);

    /// <summary>
    /// The clause that locks the rows a SELECT reads until the transaction ends
    /// (<c>FOR UPDATE</c>); empty where the single writer already excludes every other writer.
    /// </summary>
    public abstract string ForUpdate { get; }

    /// <summary>The condition "<paramref name="column"/> is one of the values of the list parameter <paramref name="name"/>".</summary>
    public abstract string InList(string column, string name);

    /// <summary>The parameter <paramref name="name"/> holding a list of texts for <see cref="InList"/>.</summary>
    public abstract Arg List(string name, IReadOnlyCollection<string> values);

    /// <summary>The folder of embedded migrations, as a resource name prefix.</summary>
    public abstract string MigrationsPrefix { get; }

    /// <summary>Runs <paramref name="work"/> on a backend's write transaction, passing its rollback request on.</summary>
    protected static async Task<T> InTransactionAsync<T>(Func<string, System.Data.Common.DbCommand> command, Action requestRollback, Func<SqlSession, Task<T>> work)
    {
        await using var session = new SqlSession(command, ownsCommands: true);
        var result = await work(session);
        if (session.RollbackRequested)
        {
            requestRollback();
        }
        return result;
    }
}
