using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Callbook.Storage.Copy;

/// <summary>What <see cref="StoreCopy"/> moves, in foreign-key order: the schema both stores share.</summary>
internal static class CopyTables
{
    public static readonly CopyTable[] All =
    [
        new("orgs", [Key("id"), Text("name"), Long("created_at")]),
        new("accounts", [Key("id"), Text("org_id"), Text("name"), Long("created_at")]),
        new("users", [Key("id"), Text("org_id"), Text("name"), Long("created_at")]),
        new("streams", [Key("id"), Text("account_id"), Text("name"), Long("created_at"), Text("default_country_code")]),
        new("apps",
        [
            Key("client_id"), Text("actor_id"), Text("account_id"), Text("user_id"), Text("name"), Text("secret"), Bool("allow_hs512"), Bool("enforce_jti"),
            Long("created_at"), Long("revoked_at"), Text("previous_secret"), Long("previous_secret_expires_at"), Int("rate_per_minute"), Int("rate_per_hour"),
            Text("alg"), Text("public_key"), Text("previous_public_key"), Long("previous_public_key_expires_at"), Text("jwe_private_key"), Bool("enforce_jwe"),
        ]),
        new("app_scopes", [Key("app_id"), Key("stream_id"), Key("scope")]),
        new("server_secrets", [Key("name"), Bytes("value")]),
        // Sign-in failures and lock-outs are transient: a copied user starts with a clean slate. The
        // security stamp is copied, so sessions signed in before the copy still work after it.
        new("console_users", [Key("id"), Text("email"), Text("password_hash"), Long("created_at"), Text("security_stamp")]),
        new("console_grants", [Key("user_id"), Key("account_id"), Key("stream_id")]),
        new("contacts",
        [
            Key("id"), Text("stream_id"), Text("account_id"), Text("org_id"), Text("first_name"), Text("last_name"), Text("salutation"),
            Text("phone_extension"), Text("phone_number"), Text("phone_country_code"), Text("status"), Text("address"), Text("twitter_details"),
            Text("created_by"), Text("created_by_aid"), Long("created_at"), Long("updated_at"), Text("updated_by"), Text("updated_by_aid"),
            Long("version"), Text("search_full"), Text("search_last"),
        ]),
        new("erased_contacts",
        [
            Key("id"), Text("stream_id"), Long("version"), Long("created_at"), Text("created_by"), Text("created_by_aid"),
            Long("erased_at"), Text("erased_by"), Text("erased_by_aid"),
        ]),
        new("contact_history", [new CopyColumn("seq", NpgsqlDbType.Bigint, Key: true), Text("contact_id"), Text("stream_id"), Long("at"), Text("user_id"), Text("app_actor_id"), Text("operation"), Text("changes")]),
        new("webhooks",
        [
            Key("id"), Text("stream_id"), Text("url"), Long("events"), Text("secret"), Long("created_at"), Long("deleted_at"),
            Long("active"), Text("previous_secret"), Long("previous_secret_until"),
        ]),
        new("webhook_deliveries",
        [
            new CopyColumn("id", NpgsqlDbType.Bigint, Key: true), Text("webhook_id"), Text("stream_id"), Text("contact_id"), Long("version"),
            Text("event_type"), Long("occurred_at"), Text("status"), Long("attempts"), Long("queued_at"), Long("next_attempt_at"),
            Text("locked_by"), Long("locked_until"), Text("last_error"), Long("last_status"), Long("completed_at"),
        ]),
    ];

    private static CopyColumn Key(string name) => new(name, NpgsqlDbType.Text, Key: true);

    private static CopyColumn Text(string name) => new(name, NpgsqlDbType.Text);

    private static CopyColumn Long(string name) => new(name, NpgsqlDbType.Bigint);

    private static CopyColumn Int(string name) => new(name, NpgsqlDbType.Integer);

    private static CopyColumn Bool(string name) => new(name, NpgsqlDbType.Boolean);

    private static CopyColumn Bytes(string name) => new(name, NpgsqlDbType.Bytea);
}

internal sealed record CopyTable(string Name, IReadOnlyList<CopyColumn> Columns);

internal sealed record CopyColumn(string Name, NpgsqlDbType Type, bool Key = false)
{
    public object Read(SqliteDataReader reader, int ordinal) => Type switch
    {
        NpgsqlDbType.Bigint => reader.GetInt64(ordinal),
        NpgsqlDbType.Integer => reader.GetInt32(ordinal),
        NpgsqlDbType.Boolean => reader.GetInt64(ordinal) != 0,
        NpgsqlDbType.Bytea => (byte[])reader.GetValue(ordinal),
        _ => reader.GetString(ordinal),
    };

    /// <summary>The batch of this column as one typed PostgreSQL array parameter.</summary>
    public NpgsqlParameter Array(List<object?> values) => Type switch
    {
        NpgsqlDbType.Bigint => new() { NpgsqlDbType = NpgsqlDbType.Array | Type, Value = values.Select(v => (long?)v).ToArray() },
        NpgsqlDbType.Integer => new() { NpgsqlDbType = NpgsqlDbType.Array | Type, Value = values.Select(v => (int?)v).ToArray() },
        NpgsqlDbType.Boolean => new() { NpgsqlDbType = NpgsqlDbType.Array | Type, Value = values.Select(v => (bool)v!).ToArray() },
        NpgsqlDbType.Bytea => new() { NpgsqlDbType = NpgsqlDbType.Array | Type, Value = values.Select(v => (byte[])v!).ToArray() },
        _ => new() { NpgsqlDbType = NpgsqlDbType.Array | Type, Value = values.Select(v => (string?)v).ToArray() },
    };
}
