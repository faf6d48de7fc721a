using Callbook.Storage.Sqlite.Internal;
using Callbook.Storage.Tenancy;
using Callbook.Tenancy;

namespace Callbook.Storage.Sqlite;

internal sealed class SqliteTenancyStore(SqliteDatabase database, ISecretProtector secrets) : ITenancyStore
{
    public async Task<App?> FindAppAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var command = connection.Prepared("SELECT " + AppRows.Columns + " FROM apps WHERE client_id = $id");
        command.Parameters.AddWithValue("$id", clientId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? AppRows.Read(reader, secrets) : null;
    }

    public async Task<StreamAccess?> FindStreamAccessAsync(string streamId, string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var command = connection.Prepared(
            "SELECT s.account_id, a.org_id, EXISTS (SELECT 1 FROM app_scopes p WHERE p.app_id = $app AND p.stream_id = s.id AND p.scope = $scope), s.default_country_code " +
            "FROM streams s JOIN accounts a ON a.id = s.account_id WHERE s.id = $stream");
        command.Parameters.AddWithValue("$stream", streamId);
        command.Parameters.AddWithValue("$app", clientId);
        command.Parameters.AddWithValue("$scope", Scopes.Configuration);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StreamAccess(streamId, reader.GetString(0), reader.GetString(1), reader.GetInt64(2) == 1, reader.IsDBNull(3) ? null : reader.GetString(3))
            : null;
    }

    public Task<bool> TryUseTokenIdAsync(string clientId, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            var now = database.Clock.GetUtcNow().ToUnixTimeMilliseconds();
            // Expired entries of any app go first, so the table holds only live token ids.
            await using (var purge = tx.Command("DELETE FROM used_token_ids WHERE expires_at < $now"))
            {
                purge.Parameters.AddWithValue("$now", now);
                await purge.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var insert = tx.Command("INSERT INTO used_token_ids (app_id, jti, expires_at) VALUES ($app, $jti, $exp) ON CONFLICT DO NOTHING");
            insert.Parameters.AddWithValue("$app", clientId);
            insert.Parameters.AddWithValue("$jti", jti);
            insert.Parameters.AddWithValue("$exp", expiresAt.ToUnixTimeMilliseconds());
            return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task<TenantSetup> CreateTenantAsync(string name, CancellationToken cancellationToken) =>
        database.WriteAsync(tx => InsertTenantAsync(tx, name, cancellationToken), cancellationToken);

    public Task<TenantSetup?> CreateFirstTenantAsync(string name, CancellationToken cancellationToken) =>
        database.WriteAsync<TenantSetup?>(async tx =>
        {
            await using var exists = tx.Command("SELECT EXISTS (SELECT 1 FROM accounts)");
            return (long)(await exists.ExecuteScalarAsync(cancellationToken))! == 1 ? null : await InsertTenantAsync(tx, name, cancellationToken);
        }, cancellationToken);

    private async Task<TenantSetup> InsertTenantAsync(WriteTransaction tx, string name, CancellationToken cancellationToken)
    {
        var now = database.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var orgId = Ids.NewOrgId();
        var accountId = Ids.NewAccountId();
        await ExecAsync(tx, "INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)", cancellationToken, orgId, name, now);
        await ExecAsync(tx, "INSERT INTO accounts (id, org_id, name, created_at) VALUES ($1, $2, $3, $4)", cancellationToken, accountId, orgId, name, now);
        var stream = await InsertStreamAsync(tx, accountId, name, null, now, cancellationToken);
        var app = await InsertAppAsync(tx, new NewApp(accountId, name, Secrets.NewClientSecret(), false, false, [stream.StreamId]), orgId, now, cancellationToken);
        return new TenantSetup(orgId, accountId, stream.StreamId, app.UserId, app.ClientId, app.ActorId, app.Secret);
    }

    public async Task<string?> FindAccountOrgAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT org_id FROM accounts WHERE id = $id";
        command.Parameters.AddWithValue("$id", accountId);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    public Task<StreamInfo> CreateStreamAsync(string accountId, string name, string? defaultCountryCode, CancellationToken cancellationToken) =>
        database.WriteAsync(tx => InsertStreamAsync(tx, accountId, name, defaultCountryCode, database.Clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<StreamInfo>> ListStreamsAsync(string? accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, account_id, name, created_at, default_country_code FROM streams WHERE $account IS NULL OR account_id = $account ORDER BY created_at, id";
        command.Parameters.AddWithValue("$account", (object?)accountId ?? DBNull.Value);
        var streams = new List<StreamInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            streams.Add(new StreamInfo(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return streams;
    }

    public Task<App> CreateAppAsync(NewApp app, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var org = tx.Command("SELECT org_id FROM accounts WHERE id = $id");
            org.Parameters.AddWithValue("$id", app.AccountId);
            var orgId = (string?)await org.ExecuteScalarAsync(cancellationToken)
                ?? throw new InvalidOperationException($"account {app.AccountId} does not exist");
            return await InsertAppAsync(tx, app, orgId, database.Clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        }, cancellationToken);

    public async Task<IReadOnlyList<App>> ListAppsAsync(string? accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + AppRows.Columns + " FROM apps WHERE $account IS NULL OR account_id = $account ORDER BY created_at, client_id";
        command.Parameters.AddWithValue("$account", (object?)accountId ?? DBNull.Value);
        var apps = new List<App>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            apps.Add(AppRows.Read(reader, secrets, decrypt: false));
        }
        return apps;
    }

    public Task<bool> GrantScopeAsync(string clientId, string streamId, string scope, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var grant = tx.Command(
                "INSERT INTO app_scopes (app_id, stream_id, scope) SELECT a.client_id, s.id, $scope FROM apps a JOIN streams s ON s.account_id = a.account_id " +
                "WHERE a.client_id = $app AND s.id = $stream ON CONFLICT DO NOTHING");
            grant.Parameters.AddWithValue("$app", clientId);
            grant.Parameters.AddWithValue("$stream", streamId);
            grant.Parameters.AddWithValue("$scope", scope);
            await grant.ExecuteNonQueryAsync(cancellationToken);
            await using var check = tx.Command("SELECT EXISTS (SELECT 1 FROM app_scopes WHERE app_id = $app AND stream_id = $stream AND scope = $scope)");
            check.Parameters.AddWithValue("$app", clientId);
            check.Parameters.AddWithValue("$stream", streamId);
            check.Parameters.AddWithValue("$scope", scope);
            return (long)(await check.ExecuteScalarAsync(cancellationToken))! == 1;
        }, cancellationToken);

    public Task<bool> RevokeAppAsync(string clientId, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx => await ExecAsync(tx, "UPDATE apps SET revoked_at = coalesce(revoked_at, $2) WHERE client_id = $1",
            cancellationToken, clientId, database.Clock.GetUtcNow().ToUnixTimeMilliseconds()) == 1, cancellationToken);

    public Task<bool> RotateSecretAsync(string clientId, string secret, DateTimeOffset previousValidUntil, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx => await ExecAsync(tx,
            AppRows.RotateSecret,
            cancellationToken, clientId, secrets.Protect(secret), previousValidUntil.ToUnixTimeMilliseconds()) == 1, cancellationToken);

    public Task<bool> RotatePublicKeyAsync(string clientId, string publicKeyPem, DateTimeOffset previousValidUntil, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx => await ExecAsync(tx, AppRows.RotatePublicKey,
            cancellationToken, clientId, publicKeyPem, previousValidUntil.ToUnixTimeMilliseconds()) == 1, cancellationToken);

    public Task<bool> SetRateLimitsAsync(string clientId, int? perMinute, int? perHour, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            await using var update = tx.Command("UPDATE apps SET rate_per_minute = $minute, rate_per_hour = $hour WHERE client_id = $id");
            update.Parameters.AddWithValue("$id", clientId);
            update.Parameters.AddWithValue("$minute", (object?)perMinute ?? DBNull.Value);
            update.Parameters.AddWithValue("$hour", (object?)perHour ?? DBNull.Value);
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task<bool> SetDefaultCountryCodeAsync(string streamId, string? defaultCountryCode, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx => await ExecAsync(tx, "UPDATE streams SET default_country_code = $2 WHERE id = $1",
            cancellationToken, streamId, (object?)defaultCountryCode ?? DBNull.Value) == 1, cancellationToken);

    private static async Task<StreamInfo> InsertStreamAsync(WriteTransaction tx, string accountId, string name, string? defaultCountryCode, long now, CancellationToken cancellationToken)
    {
        var id = Ids.NewStreamId();
        await ExecAsync(tx, "INSERT INTO streams (id, account_id, name, created_at, default_country_code) VALUES ($1, $2, $3, $4, $5)", cancellationToken, id, accountId, name, now, (object?)defaultCountryCode ?? DBNull.Value);
        return new StreamInfo(id, accountId, name, DateTimeOffset.FromUnixTimeMilliseconds(now), defaultCountryCode);
    }

    private async Task<App> InsertAppAsync(WriteTransaction tx, NewApp app, string orgId, long now, CancellationToken cancellationToken)
    {
        var userId = Ids.NewUserId();
        var clientId = Ids.NewClientId();
        var actorId = Ids.NewActorId();
        await ExecAsync(tx, "INSERT INTO users (id, org_id, name, created_at) VALUES ($1, $2, $3, $4)", cancellationToken, userId, orgId, app.Name, now);
        await ExecAsync(tx, AppRows.Insert, cancellationToken, AppRows.InsertValues(app, clientId, actorId, userId, now, secrets, b => b ? 1 : 0));
        foreach (var streamId in app.StreamIds)
        {
            var granted = await ExecAsync(tx,
                "INSERT INTO app_scopes (app_id, stream_id, scope) SELECT $1, id, $3 FROM streams WHERE id = $2 AND account_id = $4",
                cancellationToken, clientId, streamId, Scopes.Configuration, app.AccountId);
            if (granted != 1)
            {
                throw new InvalidOperationException($"stream {streamId} does not exist in account {app.AccountId}");
            }
        }
        return AppRows.Created(app, clientId, actorId, userId, now);
    }

    private static async Task<int> ExecAsync(WriteTransaction tx, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = tx.Command(sql);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (i + 1), values[i]);
        }
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

}
