using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Callbook.Storage.Sql;

/// <summary>
/// A connection lent to the shared SQL for one read or one write transaction (see
/// <see cref="SqlDialect"/>). Commands it makes are its own: it disposes them when it ends, so
/// callers never dispose one (a backend may hand out a prepared statement it keeps).
/// </summary>
internal sealed class SqlSession(Func<string, DbCommand> create, bool ownsCommands, Func<ValueTask>? end = null) : IAsyncDisposable
{
    private readonly List<DbCommand> owned = [];

    public bool RollbackRequested { get; private set; }

    /// <summary>Ends a write transaction without committing what it did.</summary>
    public void RequestRollback() => RollbackRequested = true;

    [SuppressMessage("Security", "CA2100", Justification = "Callers pass constant SQL of this assembly; every value goes through parameters.")]
    public DbCommand Command(string sql, params ReadOnlySpan<Arg> args)
    {
        var command = create(sql);
        if (ownsCommands)
        {
            owned.Add(command);
        }
        foreach (var arg in args)
        {
            arg.AddTo(command);
        }
        return command;
    }

    /// <summary>Runs a statement; the number of rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params ReadOnlySpan<Arg> args) =>
        Command(sql, args).ExecuteNonQueryAsync(cancellationToken);

    /// <summary>The first column of the first row; null when there is none or it is NULL.</summary>
    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params Arg[] args)
    {
        var value = await Command(sql, args).ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    /// <summary>A scalar truth: SQLite answers EXISTS with 0/1, PostgreSQL with a boolean.</summary>
    public async Task<bool> TrueAsync(string sql, CancellationToken cancellationToken, params Arg[] args) =>
        Convert.ToBoolean(await ScalarAsync(sql, cancellationToken, args), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every row, mapped.</summary>
    public async Task<List<T>> ListAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params Arg[] args)
    {
        var rows = new List<T>();
        await using var reader = await Command(sql, args).ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    /// <summary>The first row, mapped; default when there is none.</summary>
    public async Task<T?> FirstAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params Arg[] args)
    {
        await using var reader = await Command(sql, args).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? map(reader) : default;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in owned)
        {
            await command.DisposeAsync();
        }
        owned.Clear();
        if (end is not null)
        {
            await end();
        }
    }
}
