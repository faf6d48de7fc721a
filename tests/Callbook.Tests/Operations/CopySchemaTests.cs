using System.Globalization;
using Callbook.Contacts;
using Callbook.Storage;
using Callbook.Storage.Copy;
using Callbook.Storage.Postgres;
using Callbook.Storage.Sqlite;
using Callbook.Stores;
using Callbook.Tenancy;
using Callbook.Webhooks;

namespace Callbook.Tests.Operations;

/// <summary>
/// The schema exists once per backend (the two migration folders) and nowhere else: both migrated
/// schemas hold the same tables and columns, and <c>callbook copy</c> carries the value of every
/// column, whatever a later migration adds.
/// </summary>
public sealed class CopySchemaTests
{
    [Fact]
    public async Task BothBackendsMigrateToTheSameTablesAndColumns()
    {
        var (sqlite, postgres) = (TestDatabases.Create(Backends.Sqlite), TestDatabases.Create(Backends.Postgres));
        var ct = TestContext.Current.CancellationToken;
        var (sqliteSchema, postgresSchema) = await ReadSchemasAsync(sqlite, postgres, ct);

        Assert.Empty(LiveSchema.Differences(sqliteSchema, postgresSchema));
        Assert.Contains(sqliteSchema, t => t.Name == "apps" && t.Columns.Any(c => c.Name == "rate_per_hour"));
        Assert.True(sqliteSchema.Count >= 17, string.Join(", ", sqliteSchema.Select(t => t.Name)));
        // Dependency order: a table comes after every table its foreign keys name.
        var order = LiveSchema.DependencyOrder(sqliteSchema, postgresSchema).Select(t => t.Name).ToList();
        Assert.True(order.IndexOf("orgs") < order.IndexOf("accounts") && order.IndexOf("accounts") < order.IndexOf("apps") && order.IndexOf("apps") < order.IndexOf("app_scopes"));
    }

    [Fact]
    public void SchemaDriftIsNamed()
    {
        SchemaTable[] sqlite = [new("apps", [new("client_id", "text"), new("rate_per_hour", "integer"), new("secret", "text")], ["client_id"], [])];
        SchemaTable[] postgres = [new("apps", [new("client_id", "text"), new("secret", "bytea")], ["client_id"], []), new("extra", [new("id", "text")], ["id"], [])];

        Assert.Equal(
            ["column apps.rate_per_hour exists only on SQLite", "column apps.secret is text on SQLite but bytea on PostgreSQL", "table extra exists only on PostgreSQL"],
            LiveSchema.Differences(sqlite, postgres));
        Assert.Throws<InvalidOperationException>(() => CopyTables.From(sqlite, postgres));
    }

    [Fact]
    public async Task CopyCarriesTheValueOfEveryColumn()
    {
        var (source, target) = (TestDatabases.Create(Backends.Sqlite), TestDatabases.Create(Backends.Postgres));
        var ct = TestContext.Current.CancellationToken;
        await using (var sqlite = CallbookDatabases.Open(source, TimeProvider.System))
        {
            await sqlite.MigrateAsync(ct);
            await FillEveryColumnAsync(sqlite, ct);
        }

        var reports = await StoreCopy.CopyAsync(source, target, new Progress<CopyProgress>(), ct);

        Assert.All(reports, r => Assert.True(r.Complete, r.Table));
        var (sqliteSchema, _) = await ReadSchemasAsync(source, target, ct);
        // data_upgrades is each database's own bookkeeping: the target ran the upgrades itself when it was migrated.
        foreach (var table in sqliteSchema.Where(t => t.Name != "data_upgrades"))
        {
            var (before, after) = await ReadRowsAsync(source, target, table, ct);
            // The fixture below must give every column a value: a column added later without one fails here.
            for (var c = 0; c < table.Columns.Count; c++)
            {
                Assert.True(before.Any(row => row[c] != "NULL"), $"the fixture leaves {table.Name}.{table.Columns[c].Name} empty: give it a value");
            }
            Assert.Equal(before.Select(r => string.Join(" | ", r)), after.Select(r => string.Join(" | ", r)));
        }
    }

    private static async Task FillEveryColumnAsync(ICallbookDatabase db, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var tenant = await db.Tenancy.CreateTenantAsync("every column", ct);
        var scope = new StreamScope(tenant.StreamId, tenant.AccountId, tenant.OrgId);
        var actor = new Actor(tenant.UserId, tenant.ActorId);
        await db.Tenancy.SetDefaultCountryCodeAsync(tenant.StreamId, "+46", ct);
        // Apps: own limits, a secret in its grace period, a rotated RS key, a JWE key, a revoked one.
        await db.Tenancy.SetRateLimitsAsync(tenant.ClientId, 7, 70, ct);
        await db.Tenancy.RotateSecretAsync(tenant.ClientId, Secrets.NewClientSecret(), now.AddHours(1), ct);
        var rs = await db.Tenancy.CreateAppAsync(new NewApp(tenant.AccountId, "rs", "", false, true, [tenant.StreamId])
        {
            Algorithm = JwtAlgorithms.Rs512,
            PublicKey = RsaKeys.PublicPemOf(RsaKeys.NewEncryptionKey()),
            JwePrivateKey = RsaKeys.NewEncryptionKey(),
            EnforceJwe = true,
        }, ct);
        await db.Tenancy.RotatePublicKeyAsync(rs.ClientId, RsaKeys.PublicPemOf(RsaKeys.NewEncryptionKey()), now.AddHours(1), ct);
        await db.Tenancy.RevokeAppAsync(rs.ClientId, ct);
        Assert.True(await db.Auth.TryUseTokenIdAsync(tenant.ClientId, "jti-1", now.AddHours(1), ct));
        // Console users: one locked out, one with a failed attempt, grants on an account and on a stream.
        var locked = (await db.ConsoleUsers.CreateUserAsync("locked@example.com", "hash-1", ct))!;
        await db.ConsoleUsers.RecordFailedSignInAsync(locked.Id, 1, now.AddMinutes(15), ct);
        var user = (await db.ConsoleUsers.CreateUserAsync("user@example.com", "hash-2", ct))!;
        await db.ConsoleUsers.RecordFailedSignInAsync(user.Id, 5, now.AddMinutes(15), ct);
        Assert.True(await db.ConsoleUsers.GrantAsync(user.Id, tenant.AccountId, null, ct));
        Assert.True(await db.ConsoleUsers.GrantAsync(locked.Id, tenant.AccountId, tenant.StreamId, ct));
        // Webhooks: one rotated and later paused, one deleted; deliveries leased, failed and delivered.
        var hook = (await db.Webhooks.CreateWebhookAsync(tenant.Scope, new NewWebhook("http://127.0.0.1:9/a", WebhookEventTypes.All, "whsec_a"), 10, ct))!;
        await db.Webhooks.RotateSecretAsync(tenant.Scope, hook.Id, "whsec_b", now.AddHours(1), ct);
        var gone = (await db.Webhooks.CreateWebhookAsync(tenant.Scope, new NewWebhook("http://127.0.0.1:9/b", WebhookEventTypes.All, "whsec_c"), 10, ct))!;
        var fields = Enumerable.Range(0, 4).Select(i => new ContactFields("Zoë", "Nú" + i, "Dr",
            new CellPhone("12", "+1555000" + i.ToString("D4", CultureInfo.InvariantCulture), "+1"), """[{"city":"Köln"}]""", """[{"handle":"@z"}]""")).ToList();
        var ids = (await db.Contacts.CreateContactsAsync(scope, actor, fields, ct)).Created!.Select(c => c.Id).ToList();
        var changed = (await db.Contacts.FindContactAsync(scope, ids[0], ct))!;
        await db.Contacts.UpdateContactAsync(scope, actor, new ContactUpdate(ids[0], changed.Fields with { FirstName = "Changed" }), ct);
        await db.Contacts.EraseContactAsync(scope, actor, ids[1], new IdempotentAnswer(410, "application/json", "{}"u8.ToArray()), ct);
        Assert.True(await db.Webhooks.DeleteWebhookAsync(tenant.Scope, gone.Id, ct));
        var lease = new DeliveryLease("node-1", TimeSpan.FromMinutes(5));
        var claimed = await db.WebhookDispatch.CompleteAndClaimAsync(hook.Id, [], 3, lease, ct);
        Assert.Equal(3, claimed.Count);
        await db.WebhookDispatch.CompleteAndClaimAsync(hook.Id,
            [new DeliveryOutcome(claimed[0].Id, DeliveryStatus.Failed, now, 500, "HTTP 500"), new DeliveryOutcome(claimed[1].Id, DeliveryStatus.Delivered, now, 204, null)], 0, lease, ct);
        await db.Webhooks.UpdateWebhookAsync(tenant.Scope, hook.Id, new WebhookChange(null, null, false), ct);
        // An answered idempotency key and an installation secret.
        var key = new IdempotencyKey(tenant.ClientId, tenant.StreamId, "key-1");
        await db.Idempotency.ClaimAsync(key, [1, 2, 3], TimeSpan.FromDays(1), TimeSpan.FromMinutes(1), ct);
        await db.Idempotency.CompleteAsync(key, new IdempotentAnswer(201, "application/json", "{\"id\":1}"u8.ToArray()), _ => throw new InvalidOperationException("nothing is erased here"), ct);
        await db.GetOrCreateSecretAsync("cursor-key", ct);
    }

    private static async Task<(IReadOnlyList<SchemaTable> Sqlite, IReadOnlyList<SchemaTable> Postgres)> ReadSchemasAsync(string sqlite, string postgres, CancellationToken ct)
    {
        await using var source = (SqliteDatabase)CallbookDatabases.Open(sqlite, TimeProvider.System);
        await using var target = (PostgresDatabase)CallbookDatabases.Open(postgres, TimeProvider.System);
        await source.MigrateAsync(ct);
        await target.MigrateAsync(ct);
        await using var reader = await source.OpenReaderAsync(ct);
        await using var connection = await target.DataSource.OpenConnectionAsync(ct);
        return (await LiveSchema.ReadSqliteAsync(reader.Connection, ct), await LiveSchema.ReadPostgresAsync(connection, ct));
    }

    /// <summary>Every row of a table on both sides, ordered by key, each value as text (flags as 0/1, bytes as hex).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Names from the databases' own catalogues.")]
    private static async Task<(List<string[]> Sqlite, List<string[]> Postgres)> ReadRowsAsync(string sqlite, string postgres, SchemaTable table, CancellationToken ct)
    {
        var sql = $"SELECT {string.Join(", ", table.Columns.Select(c => c.Name))} FROM {table.Name} ORDER BY {string.Join(", ", table.Key)}";
        await using var source = (SqliteDatabase)CallbookDatabases.Open(sqlite, TimeProvider.System);
        await using var target = (PostgresDatabase)CallbookDatabases.Open(postgres, TimeProvider.System);
        await using var reader = await source.OpenReaderAsync(ct);
        await using var select = reader.CreateCommand();
        select.CommandText = sql;
        var before = await RowsAsync(select, ct);
        await using var query = target.DataSource.CreateCommand(sql);
        return (before, await RowsAsync(query, ct));
    }

    private static async Task<List<string[]>> RowsAsync(System.Data.Common.DbCommand command, CancellationToken ct)
    {
        var rows = new List<string[]>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            string[] row = [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
            {
                bool flag => flag ? "1" : "0",
                byte[] bytes => Convert.ToHexString(bytes),
                IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
                var value => value.ToString()!,
            })];
            rows.Add(row);
        }
        // Text keys sort differently under PostgreSQL's collation: compare in one order.
        return [.. rows.OrderBy(r => string.Join(" | ", r), StringComparer.Ordinal)];
    }
}
