using System.Security.Cryptography;
using Callbook.Stores;

namespace Callbook.Storage.Console;

/// <summary>
/// The console-user statements (parameters <c>@name</c>). A security stamp is 32 random hex characters; changing it ends every
/// session signed in with the old one (the console checks it on each request).
/// </summary>
internal static class ConsoleUserSql
{
    public const string Columns = "id, email, password_hash, failed_attempts, locked_until, created_at, security_stamp";

    public static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public const string Insert =
        "INSERT INTO console_users (id, email, password_hash, failed_attempts, created_at, security_stamp) VALUES (@id, @email, @hash, 0, @now, @stamp) ON CONFLICT (email) DO NOTHING";

    public const string ById = "SELECT " + Columns + " FROM console_users WHERE id = @id";

    /// <summary>One statement, so concurrent failures each count; the lock-out also gives a new stamp (<c>stamp</c>).</summary>
    public const string RecordFailure =
        "UPDATE console_users SET " +
        "locked_until = CASE WHEN failed_attempts + 1 >= @max THEN @until ELSE locked_until END, " +
        "security_stamp = CASE WHEN failed_attempts + 1 >= @max THEN @stamp ELSE security_stamp END, " +
        "failed_attempts = CASE WHEN failed_attempts + 1 >= @max THEN 0 ELSE failed_attempts + 1 END " +
        "WHERE id = @id";

    /// <summary>A new password (<c>hash</c>) and stamp (<c>stamp</c>); the lock and failure count are cleared.</summary>
    public const string SetPassword =
        "UPDATE console_users SET password_hash = @hash, security_stamp = @stamp, failed_attempts = 0, locked_until = NULL WHERE id = @id";

    public const string Unlock = "UPDATE console_users SET failed_attempts = 0, locked_until = NULL WHERE id = @id";

    /// <summary>Grants first (they reference the user), then the user; history keeps naming the u-… id.</summary>
    public static readonly string[] Remove = ["DELETE FROM console_grants WHERE user_id = @id", "DELETE FROM console_users WHERE id = @id"];

    public static ConsoleUser Read(System.Data.Common.DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3),
        r.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
        r.GetString(6));
}
