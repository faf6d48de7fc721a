using Npgsql;

namespace Callbook.Storage.Postgres;

/// <summary>
/// Where a contact read runs. Without standbys, on the primary. With the standbys of <c>--db-read</c>
/// (one multi-host data source, load-balanced, <c>prefer-standby</c>): there, and on the primary
/// instead when none of them answers. A read that could not reach a standby, or that a standby
/// cancelled (shutting down, or a conflict with the WAL it replays), is run again on the primary:
/// the statements are reads, so running one twice changes nothing. After a standby could not be
/// reached, reads stay on the primary for <see cref="Rest"/> before the standbys are tried again, so
/// that a standby that is down costs one failed connection attempt per rest, not one per request.
/// </summary>
internal sealed class PostgresReads(NpgsqlDataSource primary, NpgsqlDataSource? standbys)
{
    /// <summary>How long reads stay on the primary after no standby answered (Npgsql's own host recheck interval).</summary>
    public static readonly TimeSpan Rest = TimeSpan.FromSeconds(10);

    private long restUntil;

    /// <summary>
    /// Runs <paramref name="read"/> on the data source a read uses now; on the primary again when the
    /// standbys failed it. The read gets <paramref name="state"/> so that it can be a static lambda:
    /// the caller lookup allocates no closure for this.
    /// </summary>
    public Task<T> RunAsync<TState, T>(TState state, Func<NpgsqlDataSource, TState, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        Standbys() is { } source ? RunOnStandbysAsync(source, state, read, cancellationToken) : read(primary, state, cancellationToken);

    private async Task<T> RunOnStandbysAsync<TState, T>(NpgsqlDataSource source, TState state, Func<NpgsqlDataSource, TState, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read(source, state, cancellationToken);
        }
        catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested && FailedOnStandby(e))
        {
            return await read(primary, state, cancellationToken);
        }
    }

    /// <summary>An open connection for a read that streams its rows (export): a standby's, else the primary's.</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (Standbys() is { } source)
        {
            try
            {
                return await source.OpenConnectionAsync(cancellationToken);
            }
            catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested && FailedOnStandby(e))
            {
            }
        }
        return await primary.OpenConnectionAsync(cancellationToken);
    }

    private NpgsqlDataSource? Standbys() =>
        standbys is not null && Environment.TickCount64 >= Volatile.Read(ref restUntil) ? standbys : null;

    /// <summary>
    /// True when the read may run on the primary instead: no standby could be reached or the
    /// connection broke (any error that is not the server's), a standby is shutting down or starting
    /// up (then reads rest on the primary), or it had to cancel the statement to replay the primary's
    /// changes (a conflict with recovery, SQLSTATE 40001, for this read only).
    /// </summary>
    private bool FailedOnStandby(NpgsqlException exception)
    {
        if (exception is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure })
        {
            return true;
        }
        if (exception is PostgresException { SqlState: not (PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow) })
        {
            return false;
        }
        Volatile.Write(ref restUntil, Environment.TickCount64 + (long)Rest.TotalMilliseconds);
        return true;
    }
}
