using System.Diagnostics.CodeAnalysis;
using Callbook.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Callbook.Tests.Webhooks;

public sealed class WebhookStorageTests
{
    [Theory, BothBackends]
    public async Task SigningSecretsAreStoredEncryptedAndStillSign(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, secret) = await api.SubscribeAsync(receiver.Url);

        var stored = (string)(await ScalarAsync(factory.Db, "SELECT secret FROM webhooks WHERE id = @id", id))!;
        Assert.StartsWith("dp1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);

        await api.CreateAsync("secret", "keeper", "8200001");
        Assert.True(Assert.Single(await receiver.WaitForAsync(1)).IsSignedWith(secret));
    }

    [Theory, BothBackends]
    public async Task ADatabaseMigratedPastTheWebhookMigrationStillGetsIt(string backend)
    {
        var db = TestDatabases.Create(backend);
        var ct = TestContext.Current.CancellationToken;
        await using (var database = CallbookDatabases.Open(db, TimeProvider.System))
        {
            await database.MigrateAsync(ct);
        }
        // As if the database had been migrated by a build that had 0003 but not yet 0002.
        await ScalarAsync(db, "DROP TABLE webhook_deliveries");
        await ScalarAsync(db, "DROP TABLE webhooks");
        await ScalarAsync(db, "DELETE FROM schema_migrations WHERE version = 2");
        // Such a build had none of the later migrations that extend these tables either (0011).
        await ScalarAsync(db, "ALTER TABLE console_users DROP COLUMN security_stamp");
        await ScalarAsync(db, "DELETE FROM schema_migrations WHERE version = 11");
        // Past 0002 (0003, and 0004 since the web console landed).
        Assert.True(Convert.ToInt64(await ScalarAsync(db, "SELECT max(version) FROM schema_migrations"), System.Globalization.CultureInfo.InvariantCulture) > 2);

        await using (var database = CallbookDatabases.Open(db, TimeProvider.System))
        {
            await database.MigrateAsync(ct);
            Assert.Empty(await database.Webhooks.ListWebhooksAsync(new Callbook.Tenancy.StreamScope("st-none", "acc", "org"), ct));
        }
        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync(db, "SELECT count(*) FROM schema_migrations WHERE version = 2"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [SuppressMessage("Security", "CA2100", Justification = "Constant SQL of these tests; the one value is a parameter.")]
    private static async Task<object?> ScalarAsync(string db, string sql, string? id = null)
    {
        var ct = TestContext.Current.CancellationToken;
        if (db.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            await using var connection = new SqliteConnection($"Data Source={db["sqlite:".Length..]};Pooling=False");
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = sql.Replace("@id", "$id", StringComparison.Ordinal);
            if (id is not null)
            {
                command.Parameters.AddWithValue("$id", id);
            }
            return await command.ExecuteScalarAsync(ct);
        }
        await using var source = NpgsqlDataSource.Create(db);
        await using var pg = source.CreateCommand(sql);
        if (id is not null)
        {
            pg.Parameters.AddWithValue("id", id);
        }
        return await pg.ExecuteScalarAsync(ct);
    }
}
