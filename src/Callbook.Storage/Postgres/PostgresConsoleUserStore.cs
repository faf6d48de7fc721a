using Callbook.Tenancy;
using Npgsql;

namespace Callbook.Storage.Postgres;

internal sealed class PostgresConsoleUserStore(PostgresDatabase database) : IConsoleUserStore
{
    private const string UserColumns = "id, email, password_hash, failed_attempts, locked_until, created_at";

    // A user sees a stream through a grant on its account (stream_id '') or on the stream itself.
    private const string VisibleStreams =
        "SELECT s.id, s.account_id, a.org_id, s.name, s.default_country_code FROM streams s JOIN accounts a ON a.id = s.account_id " +
        "WHERE EXISTS (SELECT 1 FROM console_grants g WHERE g.user_id = @user AND g.account_id = s.account_id AND (g.stream_id = '' OR g.stream_id = s.id))";

    private NpgsqlDataSource DataSource => database.DataSource;

    private long Now => database.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<ConsoleUser?> CreateUserAsync(string email, string passwordHash, CancellationToken cancellationToken)
    {
        var user = new ConsoleUser(Ids.NewUserId(), email.ToLowerInvariant(), passwordHash, 0, null, DateTimeOffset.FromUnixTimeMilliseconds(Now));
        await using var insert = DataSource.CreateCommand(
            "INSERT INTO console_users (id, email, password_hash, failed_attempts, created_at) VALUES (@id, @email, @hash, 0, @now) ON CONFLICT (email) DO NOTHING");
        insert.Parameters.AddWithValue("id", user.Id);
        insert.Parameters.AddWithValue("email", user.Email);
        insert.Parameters.AddWithValue("hash", passwordHash);
        insert.Parameters.AddWithValue("now", user.CreatedAt.ToUnixTimeMilliseconds());
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1 ? user : null;
    }

    public async Task<ConsoleUser?> FindUserByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var users = await ReadUsersAsync("SELECT " + UserColumns + " FROM console_users WHERE email = @email", email.ToLowerInvariant(), cancellationToken);
        return users.Count == 0 ? null : users[0];
    }

    public Task<IReadOnlyList<ConsoleUser>> ListUsersAsync(CancellationToken cancellationToken) =>
        ReadUsersAsync("SELECT " + UserColumns + " FROM console_users ORDER BY email", null, cancellationToken);

    public async Task RecordFailedSignInAsync(string userId, int maxAttempts, DateTimeOffset lockedUntil, CancellationToken cancellationToken)
    {
        // One statement: concurrent failures each count (the row lock serialises them).
        await using var update = DataSource.CreateCommand(
            "UPDATE console_users SET " +
            "locked_until = CASE WHEN failed_attempts + 1 >= @max THEN @until ELSE locked_until END, " +
            "failed_attempts = CASE WHEN failed_attempts + 1 >= @max THEN 0 ELSE failed_attempts + 1 END " +
            "WHERE id = @id");
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

    private async Task<IReadOnlyList<ConsoleUser>> ReadUsersAsync(string sql, string? email, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand(sql);
        if (email is not null)
        {
            command.Parameters.AddWithValue("email", email);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<ConsoleUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(new ConsoleUser(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }
        return users;
    }
}
