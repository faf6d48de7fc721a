using Callbook.Storage.Console;
using Callbook.Tenancy;

namespace Callbook.Storage.Sqlite;

internal sealed class SqliteConsoleUserStore(SqliteDatabase database) : IConsoleUserStore
{
    private const string UserColumns = ConsoleUserSql.Columns;

    // A user sees a stream through a grant on its account (stream_id '') or on the stream itself.
    private const string VisibleStreams =
        "SELECT s.id, s.account_id, a.org_id, s.name, s.default_country_code FROM streams s JOIN accounts a ON a.id = s.account_id " +
        "WHERE EXISTS (SELECT 1 FROM console_grants g WHERE g.user_id = $user AND g.account_id = s.account_id AND (g.stream_id = '' OR g.stream_id = s.id))";

    private long Now => database.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<ConsoleUser?> CreateUserAsync(string email, string passwordHash, CancellationToken cancellationToken) =>
        database.WriteAsync<ConsoleUser?>(async tx =>
        {
            var user = new ConsoleUser(Ids.NewUserId(), email.ToLowerInvariant(), passwordHash, 0, null, DateTimeOffset.FromUnixTimeMilliseconds(Now), ConsoleUserSql.NewStamp());
            await using var insert = tx.Command(ConsoleUserSql.Insert('$'));
            insert.Parameters.AddWithValue("$stamp", user.SecurityStamp);
            insert.Parameters.AddWithValue("$id", user.Id);
            insert.Parameters.AddWithValue("$email", user.Email);
            insert.Parameters.AddWithValue("$hash", passwordHash);
            insert.Parameters.AddWithValue("$now", user.CreatedAt.ToUnixTimeMilliseconds());
            return await insert.ExecuteNonQueryAsync(cancellationToken) == 1 ? user : null;
        }, cancellationToken);

    public async Task<ConsoleUser?> FindUserByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var users = await ReadUsersAsync("SELECT " + UserColumns + " FROM console_users WHERE email = $email", "$email", email.ToLowerInvariant(), cancellationToken);
        return users.Count == 0 ? null : users[0];
    }

    public async Task<ConsoleUser?> FindUserByIdAsync(string userId, CancellationToken cancellationToken)
    {
        var users = await ReadUsersAsync(ConsoleUserSql.ById('$'), "$id", userId, cancellationToken);
        return users.Count == 0 ? null : users[0];
    }

    public Task<string?> SetPasswordAsync(string userId, string passwordHash, CancellationToken cancellationToken) =>
        database.WriteAsync<string?>(async tx =>
        {
            var stamp = ConsoleUserSql.NewStamp();
            await using var update = tx.Command(ConsoleUserSql.SetPassword('$'));
            update.Parameters.AddWithValue("$id", userId);
            update.Parameters.AddWithValue("$hash", passwordHash);
            update.Parameters.AddWithValue("$stamp", stamp);
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1 ? stamp : null;
        }, cancellationToken);

    public Task<bool> UnlockAsync(string userId, CancellationToken cancellationToken) => ExecuteAsync(ConsoleUserSql.Unlock('$'), userId, cancellationToken);

    public Task<bool> RemoveUserAsync(string userId, CancellationToken cancellationToken) => ExecuteAsync(ConsoleUserSql.Remove('$'), userId, cancellationToken);

    public Task<IReadOnlyList<ConsoleUser>> ListUsersAsync(CancellationToken cancellationToken) =>
        ReadUsersAsync("SELECT " + UserColumns + " FROM console_users ORDER BY email", null, null, cancellationToken);

    public Task RecordFailedSignInAsync(string userId, int maxAttempts, DateTimeOffset lockedUntil, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var update = tx.Command(ConsoleUserSql.RecordFailure('$'));
            update.Parameters.AddWithValue("$stamp", ConsoleUserSql.NewStamp());
            update.Parameters.AddWithValue("$id", userId);
            update.Parameters.AddWithValue("$max", maxAttempts);
            update.Parameters.AddWithValue("$until", lockedUntil.ToUnixTimeMilliseconds());
            return await update.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task RecordSignInAsync(string userId, string? newPasswordHash, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var update = tx.Command(
                "UPDATE console_users SET failed_attempts = 0, locked_until = NULL, password_hash = coalesce($hash, password_hash) WHERE id = $id");
            update.Parameters.AddWithValue("$id", userId);
            update.Parameters.AddWithValue("$hash", (object?)newPasswordHash ?? DBNull.Value);
            return await update.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<bool> GrantAsync(string userId, string accountId, string? streamId, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            // Inserts only when the user exists and the account (and the stream, in that account) do.
            await using var insert = tx.Command(
                "INSERT INTO console_grants (user_id, account_id, stream_id) " +
                "SELECT u.id, a.id, $stream FROM console_users u, accounts a WHERE u.id = $user AND a.id = $account " +
                "AND ($stream = '' OR EXISTS (SELECT 1 FROM streams s WHERE s.id = $stream AND s.account_id = a.id)) " +
                "ON CONFLICT DO NOTHING");
            insert.Parameters.AddWithValue("$user", userId);
            insert.Parameters.AddWithValue("$account", accountId);
            insert.Parameters.AddWithValue("$stream", streamId ?? "");
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await using var check = tx.Command("SELECT EXISTS (SELECT 1 FROM console_grants WHERE user_id = $user AND account_id = $account AND stream_id = $stream)");
            check.Parameters.AddWithValue("$user", userId);
            check.Parameters.AddWithValue("$account", accountId);
            check.Parameters.AddWithValue("$stream", streamId ?? "");
            return (long)(await check.ExecuteScalarAsync(cancellationToken))! == 1;
        }, cancellationToken);

    public async Task<IReadOnlyList<ConsoleGrant>> ListGrantsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT account_id, stream_id FROM console_grants WHERE user_id = $user ORDER BY account_id, stream_id";
        command.Parameters.AddWithValue("$user", userId);
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
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = VisibleStreams + " ORDER BY s.account_id, s.created_at, s.id";
        command.Parameters.AddWithValue("$user", userId);
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
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = VisibleStreams + " AND s.id = $stream";
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$stream", streamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadStream(reader) : null;
    }

    private static ConsoleStream ReadStream(System.Data.Common.DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));

    /// <summary>Runs a statement on one user; true when it touched the user's row (the last statement's count).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Callers pass constant SQL of ConsoleUserSql; the id is a parameter.")]
    private Task<bool> ExecuteAsync(string sql, string userId, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var exists = tx.Command("SELECT count(*) FROM console_users WHERE id = $id");
            exists.Parameters.AddWithValue("$id", userId);
            if ((long)(await exists.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                return false;
            }
            await using var command = tx.Command(sql);
            command.Parameters.AddWithValue("$id", userId);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Callers pass constant SQL of this class; the value is a parameter.")]
    private async Task<IReadOnlyList<ConsoleUser>> ReadUsersAsync(string sql, string? name, string? value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (name is not null)
        {
            command.Parameters.AddWithValue(name, value);
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
