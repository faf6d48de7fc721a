using System.Text.Json;
using Callbook.Storage.Sql;

namespace Callbook.Storage.Sqlite;

/// <summary>The shared SQL on SQLite: writes on the one writer connection, reads on pooled read-only connections with prepared statements.</summary>
internal sealed class SqliteDialect(SqliteDatabase database) : SqlDialect
{
    public override TimeProvider Clock => database.Clock;

    public override Task<T> WriteAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken) =>
        database.WriteAsync(tx => InTransactionAsync(tx.Command, tx.RequestRollback, work), cancellationToken);

    public override async Task<SqlSession> ReadAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenReaderAsync(cancellationToken);
        // The connection keeps its prepared statements across requests (SQLite parses a statement once per connection).
        return new SqlSession(sql => connection.Prepared(sql), ownsCommands: false, connection.DisposeAsync);
    }

    public override Task SerializeAsync(SqlSession session, long key, CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task ShareErasureLockAsync(SqlSession session, string streamId, CancellationToken cancellationToken) => Task.CompletedTask;

    public override string ForUpdate => "";

    public override string InList(string column, string name) => $"{column} IN (SELECT value FROM json_each(@{name}))";

    public override Arg List(string name, IReadOnlyCollection<string> values) => Arg.Text(name, JsonSerializer.Serialize(values));

    public override string MigrationsPrefix => "Callbook.Storage.Sqlite.Migrations.";
}
