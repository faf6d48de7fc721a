using Callbook.Storage.Console;
using Callbook.Tenancy;
using Npgsql;

namespace Callbook.Storage.Postgres;

internal sealed class PostgresConsoleUserStore(PostgresDatabase database) : IConsoleUserStore
{
    private const string UserColumns = ConsoleUserSql.Columns;

    // A user sees a stream through a grant on its account (stream_id '') or on the stream itself.
    private const string VisibleStreams =
        "SELECT s.id, s.account_id, a.org_id, s.name, s.default_country_code FROM streams s JOIN accounts a ON a.id = s.account_id " +
        "WHERE EXISTS (SELECT 1 FROM console_grants g WHERE g.user_id = @user AND g.account_id = s.account_id AND (g.stream_id = '' OR g.stream_id = s.id))";

    private NpgsqlDataSource DataSource => database.DataSource;

    private long Now => database.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<ConsoleUser?> CreateUserAsync(string email, string passwordHash, CancellationToken cancellationToken)
    {
        var user = new ConsoleUser(Ids.NewUserId(), email.ToLowerInvariant(), passwordHash, 0, null, DateTimeOffset.FromUnixTimeMilliseconds(Now), ConsoleUserSql.NewStamp());
        await using var insert = DataSource.CreateCommand(ConsoleUserSql.Insert('@'));
        insert.Parameters.AddWithValue("stamp", user.SecurityStamp);
        insert.Parameters.AddWithValue("id", user.Id);
        insert.Parameters.AddWithValue("email", user.Email);
        insert.Parameters.AddWithValue("hash", passwordHash);
        insert.Parameters.AddWithValue("now", user.CreatedAt.ToUnixTimeMilliseconds());
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1 ? user : null;
    }

    public async Task<ConsoleUser?> FindUserByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var users = await ReadUsersAsync("SELECT " + UserColumns + " FROM console_users WHERE email = @email", ("email", email.ToLowerInvariant()), cancellationToken);
        return users.Count == 0 ? null : users[0];
    }

    public async Task<ConsoleUser?> FindUserByIdAsync(string userId, CancellationToken cancellationToken)
    {
        var users = await ReadUsersAsync(ConsoleUserSql.ById('@'), ("id", userId), cancellationToken);
        return users.Count == 0 ? null : users[0];
    }

    public async Task<string?> SetPasswordAsync(string userId, string passwordHash, CancellationToken cancellationToken)
    {
        var stamp = ConsoleUserSql.NewStamp();
        await using var update = DataSource.CreateCommand(ConsoleUserSql.SetPassword('@'));
        update.Parameters.AddWithValue("id", userId);
        update.Parameters.AddWithValue("hash", passwordHash);
        update.Parameters.AddWithValue("stamp", stamp);
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1 ? stamp : null;
    }

    public async Task<bool> UnlockAsync(string userId, CancellationToken cancellationToken)
    {
        await using var update = DataSource.CreateCommand(ConsoleUserSql.Unlock('@'));
        update.Parameters.AddWithValue("id", userId);
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RemoveUserAsync(string userId, CancellationToken cancellationToken)
    {
        // One transaction: the grants and the user go together.
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in ConsoleUserSql.Remove('@').Split("; "))
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddWithValue("id", userId);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return batch.BatchCommands[^1].RecordsAffected == 1;
    }

    public Task<IReadOnlyList<ConsoleUser>> ListUsersAsync(CancellationToken cancellationToken) =>
        ReadUsersAsync("SELECT " + UserColumns + " FROM console_users ORDER BY email", null, cancellationToken);

    public async Task RecordFailedSignInAsync(string userId, int maxAttempts, DateTimeOffset lockedUntil, CancellationToken cancellationToken)
    {
        // One statement: concurrent failures each count (the row lock serialises them).
        await using var update = DataSource.CreateCommand(
            ConsoleUserSql.RecordFailure('@'));
        update.Parameters.AddWithValue("stamp", ConsoleUserSql.NewStamp());
        update.Parameters.AddWithValue("id", userId);
        update.Parameters.AddWithValue("max", maxAttempts);
        update.Parameters.AddWithValue("until", lockedUntil.ToUnixTimeMilliseconds());
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordSignInAsync(string userId, string? newPasswordHash, CancellationToken cancellationToken)
    {
        await using var update = DataSource.CreateCommand(
            "UPDATE console_users SET failed_attempts = 0, locked_until = NULL, password_hash = coalesce(@hash, password_hash) WHERE id = @id");
        update.Parameters.AddWithValue("id", userId);
        update.Parameters.Add(new NpgsqlParameter<string?>("hash", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = newPasswordHash });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> GrantAsync(string userId, string accountId, string? streamId, CancellationToken cancellationToken)
    {
        // Inserts only when the user exists and the account (and the stream, in that account) do.
        await using var command = DataSource.CreateCommand(
            "WITH ins AS (INSERT INTO console_grants (user_id, account_id, stream_id) " +
            "SELECT u.id, a.id, @stream FROM console_users u, accounts a WHERE u.id = @user AND a.id = @account " +
            "AND (@stream = '' OR EXISTS (SELECT 1 FROM streams s WHERE s.id = @stream AND s.account_id = a.id)) " +
            "ON CONFLICT DO NOTHING RETURNING 1) " +
            "SELECT EXISTS (SELECT 1 FROM ins) OR EXISTS (SELECT 1 FROM console_grants WHERE user_id = @user AND account_id = @account AND stream_id = @stream)");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("stream", streamId ?? "");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<ConsoleGrant>> ListGrantsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand("SELECT account_id, stream_id FROM console_grants WHERE user_id = @user ORDER BY account_id, stream_id");
        command.Parameters.AddWithValue("user", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var grants = new List<ConsoleGrant>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var stream = reader.GetString(1);
            grants.Add(new ConsoleGrant(reader.GetString(0), stream.Length == 0 ? null : stream));
        }
        return grants;
    }

    public async Task<IReadOnlyList<ConsoleStream>> ListStreamsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(VisibleStreams + " ORDER BY s.account_id, s.created_at, s.id");
        command.Parameters.AddWithValue("user", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var streams = new List<ConsoleStream>();
        while (await reader.ReadAsync(cancellationToken))
        {
            streams.Add(ReadStream(reader));
        }
        return streams;
    }

    public async Task<ConsoleStream?> FindStreamAsync(string userId, string streamId, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(VisibleStreams + " AND s.id = @stream");
        command.Parameters.AddWithValue("user", userId);
        command.Parameters.AddWithValue("stream", streamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadStream(reader) : null;
    }

    private static ConsoleStream ReadStream(System.Data.Common.DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));

    private async Task<IReadOnlyList<ConsoleUser>> ReadUsersAsync(string sql, (string Name, string Value)? parameter, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(sql);
        if (parameter is { } p)
        {
            command.Parameters.AddWithValue(p.Name, p.Value);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<ConsoleUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(ConsoleUserSql.Read(reader));
        }
        return users;
    }
}
