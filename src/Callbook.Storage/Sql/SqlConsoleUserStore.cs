using System.Data.Common;
using Callbook.Storage.Console;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Storage.Sql;

/// <summary>Web console users and their grants, on either backend.</summary>
internal sealed class SqlConsoleUserStore(SqlDialect dialect) : IConsoleUserStore
{
    // A user sees a stream through a grant on its account (stream_id '') or on the stream itself.
    private const string VisibleStreams =
        "SELECT s.id, s.account_id, a.org_id, s.name, s.default_country_code FROM streams s JOIN accounts a ON a.id = s.account_id " +
        "WHERE EXISTS (SELECT 1 FROM console_grants g WHERE g.user_id = @user AND g.account_id = s.account_id AND (g.stream_id = '' OR g.stream_id = s.id))";

    public Task<ConsoleUser?> CreateUserAsync(string email, string passwordHash, CancellationToken cancellationToken) =>
        dialect.WriteAsync<ConsoleUser?>(async session =>
        {
            var user = new ConsoleUser(Ids.NewUserId(), email.ToLowerInvariant(), passwordHash, 0, null, DateTimeOffset.FromUnixTimeMilliseconds(dialect.Now), ConsoleUserSql.NewStamp());
            return await session.ExecuteAsync(ConsoleUserSql.Insert, cancellationToken,
                Arg.Text("stamp", user.SecurityStamp), Arg.Text("id", user.Id), Arg.Text("email", user.Email), Arg.Text("hash", passwordHash),
                Arg.Long("now", user.CreatedAt.ToUnixTimeMilliseconds())) == 1 ? user : null;
        }, cancellationToken);

    public async Task<ConsoleUser?> FindUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        (await ReadAsync("SELECT " + ConsoleUserSql.Columns + " FROM console_users WHERE email = @email", ConsoleUserSql.Read, cancellationToken,
            Arg.Text("email", email.ToLowerInvariant()))).FirstOrDefault();

    public async Task<ConsoleUser?> FindUserByIdAsync(string userId, CancellationToken cancellationToken) =>
        (await ReadAsync(ConsoleUserSql.ById, ConsoleUserSql.Read, cancellationToken, Arg.Text("id", userId))).FirstOrDefault();

    public Task<string?> SetPasswordAsync(string userId, string passwordHash, CancellationToken cancellationToken) =>
        dialect.WriteAsync<string?>(async session =>
        {
            var stamp = ConsoleUserSql.NewStamp();
            return await session.ExecuteAsync(ConsoleUserSql.SetPassword, cancellationToken,
                Arg.Text("id", userId), Arg.Text("hash", passwordHash), Arg.Text("stamp", stamp)) == 1 ? stamp : null;
        }, cancellationToken);

    public Task<bool> UnlockAsync(string userId, CancellationToken cancellationToken) => OnExistingUserAsync([ConsoleUserSql.Unlock], userId, cancellationToken);

    public Task<bool> RemoveUserAsync(string userId, CancellationToken cancellationToken) => OnExistingUserAsync(ConsoleUserSql.Remove, userId, cancellationToken);

    public async Task<IReadOnlyList<ConsoleUser>> ListUsersAsync(CancellationToken cancellationToken) =>
        await ReadAsync("SELECT " + ConsoleUserSql.Columns + " FROM console_users ORDER BY email", ConsoleUserSql.Read, cancellationToken);

    public Task RecordFailedSignInAsync(string userId, int maxAttempts, DateTimeOffset lockedUntil, CancellationToken cancellationToken) =>
        dialect.WriteAsync(session => session.ExecuteAsync(ConsoleUserSql.RecordFailure, cancellationToken,
            Arg.Text("stamp", ConsoleUserSql.NewStamp()), Arg.Text("id", userId), Arg.Int("max", maxAttempts), Arg.Long("until", lockedUntil.ToUnixTimeMilliseconds())),
            cancellationToken);

    public Task RecordSignInAsync(string userId, string? newPasswordHash, CancellationToken cancellationToken) =>
        dialect.WriteAsync(session => session.ExecuteAsync(
            "UPDATE console_users SET failed_attempts = 0, locked_until = NULL, password_hash = coalesce(@hash, password_hash) WHERE id = @id",
            cancellationToken, Arg.Text("id", userId), Arg.Text("hash", newPasswordHash)), cancellationToken);

    public Task<bool> GrantAsync(string userId, string accountId, string? streamId, CancellationToken cancellationToken) =>
        dialect.WriteAsync(async session =>
        {
            Arg[] args = [Arg.Text("user", userId), Arg.Text("account", accountId), Arg.Text("stream", streamId ?? "")];
            // Inserts only when the user exists and the account (and the stream, in that account) do.
            await session.ExecuteAsync(
                "INSERT INTO console_grants (user_id, account_id, stream_id) " +
                "SELECT u.id, a.id, @stream FROM console_users u, accounts a WHERE u.id = @user AND a.id = @account " +
                "AND (@stream = '' OR EXISTS (SELECT 1 FROM streams s WHERE s.id = @stream AND s.account_id = a.id)) " +
                "ON CONFLICT DO NOTHING", cancellationToken, args);
            return await session.TrueAsync(
                "SELECT EXISTS (SELECT 1 FROM console_grants WHERE user_id = @user AND account_id = @account AND stream_id = @stream)", cancellationToken, args);
        }, cancellationToken);

    public async Task<IReadOnlyList<ConsoleGrant>> ListGrantsAsync(string userId, CancellationToken cancellationToken) =>
        await ReadAsync("SELECT account_id, stream_id FROM console_grants WHERE user_id = @user ORDER BY account_id, stream_id",
            r => new ConsoleGrant(r.GetString(0), r.GetString(1) is { Length: > 0 } stream ? stream : null), cancellationToken, Arg.Text("user", userId));

    public async Task<IReadOnlyList<ConsoleStream>> ListStreamsAsync(string userId, CancellationToken cancellationToken) =>
        await ReadAsync(VisibleStreams + " ORDER BY s.account_id, s.created_at, s.id", ReadStream, cancellationToken, Arg.Text("user", userId));

    public async Task<ConsoleStream?> FindStreamAsync(string userId, string streamId, CancellationToken cancellationToken) =>
        (await ReadAsync(VisibleStreams + " AND s.id = @stream", ReadStream, cancellationToken, Arg.Text("user", userId), Arg.Text("stream", streamId))).FirstOrDefault();

    private static ConsoleStream ReadStream(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));

    /// <summary>Runs statements on one user in one transaction; false (and nothing run) when the user does not exist.</summary>
    private Task<bool> OnExistingUserAsync(IReadOnlyList<string> statements, string userId, CancellationToken cancellationToken) =>
        dialect.WriteAsync(async session =>
        {
            if (!await session.TrueAsync("SELECT EXISTS (SELECT 1 FROM console_users WHERE id = @id)", cancellationToken, Arg.Text("id", userId)))
            {
                return false;
            }
            foreach (var sql in statements)
            {
                await session.ExecuteAsync(sql, cancellationToken, Arg.Text("id", userId));
            }
            return true;
        }, cancellationToken);

    private async Task<List<T>> ReadAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params Arg[] args)
    {
        await using var session = await dialect.ReadAsync(cancellationToken);
        return await session.ListAsync(sql, map, cancellationToken, args);
    }
}
