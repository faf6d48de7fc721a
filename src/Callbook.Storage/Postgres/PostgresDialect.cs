using Callbook.Storage.Postgres.Internal;
using Callbook.Storage.Sql;

namespace Callbook.Storage.Postgres;

/// <summary>The shared SQL on PostgreSQL: one pooled connection per session; row and advisory locks where nodes race.</summary>
internal sealed class PostgresDialect(PostgresDatabase database) : SqlDialect
{
    public override TimeProvider Clock => database.Clock;

    public override Task<T> WriteAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken) =>
        database.WriteAsync(tx => InTransactionAsync(tx.Command, tx.RequestRollback, work), cancellationToken);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The shared stores pass constant SQL; every value goes through parameters.")]
    public override async Task<SqlSession> ReadAsync(CancellationToken cancellationToken)
    {
        var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return new SqlSession(sql => new Npgsql.NpgsqlCommand(sql, connection), ownsCommands: true, connection.DisposeAsync);
    }

    public override async Task SerializeAsync(SqlSession session, long key, CancellationToken cancellationToken) =>
        await session.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", cancellationToken, Arg.Long("key", key));

    public override Task ShareErasureLockAsync(SqlSession session, string streamId, CancellationToken cancellationToken) =>
        session.ExecuteAsync(ErasureLock.SharedSql, cancellationToken, ErasureLock.Args(streamId));

    public override string ForUpdate => " FOR UPDATE";

    public override string InList(string column, string name) => $"{column} = ANY(@{name})";

    public override Arg List(string name, IReadOnlyCollection<string> values) => Arg.Native(name, values.ToArray());

    public override string MigrationsPrefix => "Callbook.Storage.Postgres.Migrations.";
}
