using System.Data.Common;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Storage.Tenancy;

/// <summary>Mapping between the apps table and <see cref="App"/>; the same columns on both backends.</summary>
internal static class AppRows
{
    public const string Columns =
        "client_id, actor_id, account_id, user_id, name, secret, allow_hs512, enforce_jti, created_at, revoked_at, " +
        "previous_secret, previous_secret_expires_at, rate_per_minute, rate_per_hour, " +
        "alg, public_key, previous_public_key, previous_public_key_expires_at, jwe_private_key, enforce_jwe";

    /// <summary>The INSERT of a new app (see <see cref="InsertValues"/>).</summary>
    public const string Insert =
        "INSERT INTO apps (client_id, actor_id, account_id, user_id, name, secret, allow_hs512, enforce_jti, created_at, " +
        "alg, public_key, jwe_private_key, enforce_jwe) VALUES (@id, @actor, @account, @user, @name, @secret, @hs512, @jti, @now, @alg, @key, @jwe, @enforce_jwe)";

    /// <summary>Keeps the current key valid for the grace period (<c>@until</c>) and registers the new one (<c>@value</c>); RS apps only.</summary>
    public const string RotatePublicKey =
        "UPDATE apps SET previous_public_key = public_key, previous_public_key_expires_at = @until, public_key = @value " +
        "WHERE client_id = @id AND public_key IS NOT NULL";

    /// <summary>The same for an HS app's secret; an RS app has none to rotate.</summary>
    public const string RotateSecret =
        "UPDATE apps SET previous_secret = secret, previous_secret_expires_at = @until, secret = @value WHERE client_id = @id AND public_key IS NULL";

    /// <summary>The parameters of <see cref="Insert"/>; secrets encrypted at rest.</summary>
    public static Sql.Arg[] InsertValues(NewApp app, string clientId, string actorId, string userId, long now, ISecretProtector secrets) =>
    [
        Sql.Arg.Text("id", clientId), Sql.Arg.Text("actor", actorId), Sql.Arg.Text("account", app.AccountId), Sql.Arg.Text("user", userId),
        Sql.Arg.Text("name", app.Name), Sql.Arg.Text("secret", secrets.Protect(app.Secret)), Sql.Arg.Bool("hs512", app.AllowHs512),
        Sql.Arg.Bool("jti", app.EnforceJti), Sql.Arg.Long("now", now), Sql.Arg.Text("alg", app.Algorithm), Sql.Arg.Text("key", app.PublicKey),
        Sql.Arg.Text("jwe", app.JwePrivateKey is { } key ? secrets.Protect(key) : null), Sql.Arg.Bool("enforce_jwe", app.EnforceJwe),
    ];

    /// <summary>The app just inserted, as <see cref="Read"/> would return it.</summary>
    public static App Created(NewApp app, string clientId, string actorId, string userId, long now) =>
        new(clientId, actorId, app.AccountId, userId, app.Name, app.Secret, app.AllowHs512, app.EnforceJti, DateTimeOffset.FromUnixTimeMilliseconds(now), null)
        {
            Algorithm = app.Algorithm,
            PublicKey = app.PublicKey,
            JwePrivateKey = app.JwePrivateKey,
            EnforceJwe = app.EnforceJwe,
        };

    /// <summary>One app row. A listing never shows secrets, so it passes <paramref name="decrypt"/> false and
    /// works without the key ring: secrets come back empty (or null) instead of decrypted.</summary>
    public static App Read(DbDataReader r, ISecretProtector secrets, bool decrypt = true) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), decrypt ? secrets.Unprotect(r.GetString(5)) : "",
        r.GetBoolean(6), r.GetBoolean(7),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)),
        Time(r, 9),
        r.IsDBNull(10) || !decrypt ? null : secrets.Unprotect(r.GetString(10)),
        Time(r, 11),
        r.IsDBNull(12) ? null : r.GetInt32(12), r.IsDBNull(13) ? null : r.GetInt32(13))
    {
        Algorithm = r.GetString(14),
        PublicKey = r.IsDBNull(15) ? null : r.GetString(15),
        PreviousPublicKey = r.IsDBNull(16) ? null : r.GetString(16),
        PreviousPublicKeyExpiresAt = Time(r, 17),
        JwePrivateKey = r.IsDBNull(18) || !decrypt ? null : secrets.Unprotect(r.GetString(18)),
        EnforceJwe = r.GetBoolean(19),
    };

    private static DateTimeOffset? Time(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));
}
