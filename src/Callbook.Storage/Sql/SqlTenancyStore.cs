using Callbook.Storage.Tenancy;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Storage.Sql;

/// <summary>Orgs, accounts, streams, apps and their scopes, on either backend (wrapped by <see cref="CachedTenancyStore"/>).</summary>
internal sealed class SqlTenancyStore(SqlDialect dialect, ISecretProtector secrets) : IAuthStore, ITenancyStore
{
    // Any constant shared by every node works: nodes starting together on an empty database take turns.
    private const long FirstTenantLock = 7340211;

    private const string StreamColumns = "id, account_id, name, created_at, default_country_code";

    public async Task<App?> FindAppAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var session = await dialect.ReadAsync(cancellationToken);
        return await session.FirstAsync("SELECT " + AppRows.Columns + " FROM apps WHERE client_id = @id",
            r => AppRows.Read(r, secrets), cancellationToken, Arg.Text("id", clientId));
    }

    public async Task<StreamAccess?> FindStreamAccessAsync(string streamId, string clientId, CancellationToken cancellationToken)
    {
        await using var session = await dialect.ReadAsync(cancellationToken);
        return await session.FirstAsync(
            "SELECT s.account_id, a.org_id, EXISTS (SELECT 1 FROM app_scopes p WHERE p.app_id = @app AND p.stream_id = s.id AND p.scope = @scope), s.default_country_code " +
            "FROM streams s JOIN accounts a ON a.id = s.account_id WHERE s.id = @stream",
            r => new StreamAccess(streamId, r.GetString(0), r.GetString(1), r.GetBoolean(2), r.IsDBNull(3) ? null : r.GetString(3)),
            cancellationToken, Arg.Text("stream", streamId), Arg.Text("app", clientId), Arg.Text("scope", Scopes.Configuration));
    }

    public Task<bool> TryUseTokenIdAsync(string clientId, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        dialect.WriteAsync(async session =>
        {
            // Expired entries of any app go first, so the table holds only live token ids. Two nodes
            // inserting the same id: the second waits for the first and then inserts nothing.
            await session.ExecuteAsync("DELETE FROM used_token_ids WHERE expires_at < @now", cancellationToken, Arg.Long("now", dialect.Now));
            return await session.ExecuteAsync("INSERT INTO used_token_ids (app_id, jti, expires_at) VALUES (@app, @jti, @exp) ON CONFLICT DO NOTHING",
                cancellationToken, Arg.Text("app", clientId), Arg.Text("jti", jti), Arg.Long("exp", expiresAt.ToUnixTimeMilliseconds())) == 1;
        }, cancellationToken);

    public Task<TenantSetup> CreateTenantAsync(string name, CancellationToken cancellationToken) =>
        dialect.WriteAsync(session => InsertTenantAsync(session, name, cancellationToken), cancellationToken);

    public Task<TenantSetup?> CreateFirstTenantAsync(string name, CancellationToken cancellationToken) =>
        dialect.WriteAsync<TenantSetup?>(async session =>
        {
            await dialect.SerializeAsync(session, FirstTenantLock, cancellationToken);
            return await session.TrueAsync("SELECT EXISTS (SELECT 1 FROM accounts)", cancellationToken)
                ? null
                : await InsertTenantAsync(session, name, cancellationToken);
        }, cancellationToken);

    public async Task<string?> FindAccountOrgAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var session = await dialect.ReadAsync(cancellationToken);
        return (string?)await session.ScalarAsync("SELECT org_id FROM accounts WHERE id = @id", cancellationToken, Arg.Text("id", accountId));
    }

    public Task<StreamInfo> CreateStreamAsync(string accountId, string name, string? defaultCountryCode, CancellationToken cancellationToken) =>
        dialect.WriteAsync(session => InsertStreamAsync(session, accountId, name, defaultCountryCode, dialect.Now, cancellationToken), cancellationToken);

    public async Task<StreamScope?> FindStreamScopeAsync(string streamId, CancellationToken cancellationToken)
    {
        await using var session = await dialect.ReadAsync(cancellationToken);
        return await session.FirstAsync(
            "SELECT s.account_id, a.org_id FROM streams s JOIN accounts a ON a.id = s.account_id WHERE s.id = @stream",
            r => new StreamScope(streamId, r.GetString(0), r.GetString(1)), cancellationToken, Arg.Text("stream", streamId));
    }

    public async Task<IReadOnlyList<StreamInfo>> ListStreamsAsync(string? accountId, CancellationToken cancellationToken)
    {
        await using var session = await dialect.ReadAsync(cancellationToken);
        return await session.ListAsync(
            "SELECT " + StreamColumns + " FROM streams WHERE @account IS NULL OR account_id = @account ORDER BY created_at, id",
            r => new StreamInfo(r.GetString(0), r.GetString(1), r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)), r.IsDBNull(4) ? null : r.GetString(4)),
            cancellationToken, Arg.Text("account", accountId));
    }

    public Task<App> CreateAppAsync(NewApp app, CancellationToken cancellationToken) =>
        dialect.WriteAsync(async session =>
        {
            var orgId = (string?)await session.ScalarAsync("SELECT org_id FROM accounts WHERE id = @id", cancellationToken, Arg.Text("id", app.AccountId))
                ?? throw new InvalidOperationException($"account {app.AccountId} does not exist");
            return await InsertAppAsync(session, app, orgId, dialect.Now, cancellationToken);
        }, cancellationToken);

    public async Task<IReadOnlyList<App>> ListAppsAsync(string? accountId, CancellationToken cancellationToken)
    {
        await using var session = await dialect.ReadAsync(cancellationToken);
        return await session.ListAsync(
            "SELECT " + AppRows.Columns + " FROM apps WHERE @account IS NULL OR account_id = @account ORDER BY created_at, client_id",
            r => AppRows.Read(r, secrets, decrypt: false), cancellationToken, Arg.Text("account", accountId));
    }

    public Task<bool> GrantScopeAsync(string clientId, string streamId, string scope, CancellationToken cancellationToken) =>
        dialect.WriteAsync(async session =>
        {
            Arg[] args = [Arg.Text("app", clientId), Arg.Text("stream", streamId), Arg.Text("scope", scope)];
            await session.ExecuteAsync(
                "INSERT INTO app_scopes (app_id, stream_id, scope) SELECT a.client_id, s.id, @scope FROM apps a JOIN streams s ON s.account_id = a.account_id " +
                "WHERE a.client_id = @app AND s.id = @stream ON CONFLICT DO NOTHING", cancellationToken, args);
            return await session.TrueAsync("SELECT EXISTS (SELECT 1 FROM app_scopes WHERE app_id = @app AND stream_id = @stream AND scope = @scope)", cancellationToken, args);
        }, cancellationToken);

    public Task<bool> RevokeAppAsync(string clientId, CancellationToken cancellationToken) =>
        UpdateAppAsync("UPDATE apps SET revoked_at = coalesce(revoked_at, @value) WHERE client_id = @id", clientId, Arg.Long("value", dialect.Now), cancellationToken);

    public Task<bool> RotateSecretAsync(string clientId, string secret, DateTimeOffset previousValidUntil, CancellationToken cancellationToken) =>
        UpdateAppAsync(AppRows.RotateSecret, clientId, Arg.Text("value", secrets.Protect(secret)), cancellationToken, Arg.Long("until", previousValidUntil.ToUnixTimeMilliseconds()));

    public Task<bool> RotatePublicKeyAsync(string clientId, string publicKeyPem, DateTimeOffset previousValidUntil, CancellationToken cancellationToken) =>
        UpdateAppAsync(AppRows.RotatePublicKey, clientId, Arg.Text("value", publicKeyPem), cancellationToken, Arg.Long("until", previousValidUntil.ToUnixTimeMilliseconds()));

    public Task<bool> SetRateLimitsAsync(string clientId, int? perMinute, int? perHour, CancellationToken cancellationToken) =>
        UpdateAppAsync("UPDATE apps SET rate_per_minute = @value, rate_per_hour = @hour WHERE client_id = @id", clientId, Arg.Int("value", perMinute), cancellationToken, Arg.Int("hour", perHour));

    public Task<bool> SetDefaultCountryCodeAsync(string streamId, string? defaultCountryCode, CancellationToken cancellationToken) =>
        dialect.WriteAsync(async session => await session.ExecuteAsync("UPDATE streams SET default_country_code = @code WHERE id = @id",
            cancellationToken, Arg.Text("id", streamId), Arg.Text("code", defaultCountryCode)) == 1, cancellationToken);

    /// <summary>Runs one UPDATE of an app (<c>@id</c>, <c>@value</c> and any <paramref name="more"/>); true when it changed the row.</summary>
    private Task<bool> UpdateAppAsync(string sql, string clientId, Arg value, CancellationToken cancellationToken, params Arg[] more) =>
        dialect.WriteAsync(async session => await session.ExecuteAsync(sql, cancellationToken, [Arg.Text("id", clientId), value, .. more]) == 1, cancellationToken);

    private async Task<TenantSetup> InsertTenantAsync(SqlSession session, string name, CancellationToken cancellationToken)
    {
        var now = dialect.Now;
        var orgId = Ids.NewOrgId();
        var accountId = Ids.NewAccountId();
        await session.ExecuteAsync("INSERT INTO orgs (id, name, created_at) VALUES (@id, @name, @now)", cancellationToken,
            Arg.Text("id", orgId), Arg.Text("name", name), Arg.Long("now", now));
        await session.ExecuteAsync("INSERT INTO accounts (id, org_id, name, created_at) VALUES (@id, @org, @name, @now)", cancellationToken,
            Arg.Text("id", accountId), Arg.Text("org", orgId), Arg.Text("name", name), Arg.Long("now", now));
        var stream = await InsertStreamAsync(session, accountId, name, null, now, cancellationToken);
        var app = await InsertAppAsync(session, new NewApp(accountId, name, Secrets.NewClientSecret(), false, false, [stream.StreamId]), orgId, now, cancellationToken);
        return new TenantSetup(orgId, accountId, stream.StreamId, app.UserId, app.ClientId, app.ActorId, app.Secret);
    }

    private static async Task<StreamInfo> InsertStreamAsync(SqlSession session, string accountId, string name, string? defaultCountryCode, long now, CancellationToken cancellationToken)
    {
        var id = Ids.NewStreamId();
        await session.ExecuteAsync("INSERT INTO streams (" + StreamColumns + ") VALUES (@id, @account, @name, @now, @code)", cancellationToken,
            Arg.Text("id", id), Arg.Text("account", accountId), Arg.Text("name", name), Arg.Long("now", now), Arg.Text("code", defaultCountryCode));
        return new StreamInfo(id, accountId, name, DateTimeOffset.FromUnixTimeMilliseconds(now), defaultCountryCode);
    }

    private async Task<App> InsertAppAsync(SqlSession session, NewApp app, string orgId, long now, CancellationToken cancellationToken)
    {
        var userId = Ids.NewUserId();
        var clientId = Ids.NewClientId();
        var actorId = Ids.NewActorId();
        await session.ExecuteAsync("INSERT INTO users (id, org_id, name, created_at) VALUES (@id, @org, @name, @now)", cancellationToken,
            Arg.Text("id", userId), Arg.Text("org", orgId), Arg.Text("name", app.Name), Arg.Long("now", now));
        await session.ExecuteAsync(AppRows.Insert, cancellationToken, AppRows.InsertValues(app, clientId, actorId, userId, now, secrets));
        // All streams in one statement; only those of the app's own account are granted.
        var streams = app.StreamIds.Distinct(StringComparer.Ordinal).ToArray();
        var granted = await session.ExecuteAsync(
            "INSERT INTO app_scopes (app_id, stream_id, scope) SELECT @app, id, @scope FROM streams WHERE " + dialect.InList("id", "streams") + " AND account_id = @account",
            cancellationToken, Arg.Text("app", clientId), Arg.Text("scope", Scopes.Configuration), dialect.List("streams", streams), Arg.Text("account", app.AccountId));
        if (granted != streams.Length)
        {
            throw new InvalidOperationException($"some of the streams {string.Join(", ", app.StreamIds)} do not exist in account {app.AccountId}");
        }
        return AppRows.Created(app, clientId, actorId, userId, now);
    }
}
