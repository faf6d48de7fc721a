using System.Globalization;
using System.Security.Cryptography;
using Callbook.Contacts;
using Callbook.Storage;
using Callbook.Stores;
using Callbook.Tenancy;
using Callbook.Webhooks;

namespace Callbook.Tests.Operations;

/// <summary><c>callbook copy</c> moves an embedded installation to PostgreSQL without losing or changing a row, and can run again.</summary>
public sealed class CopyCommandTests
{
    [Fact]
    public async Task CopyMovesEverythingUnchangedAndIsIdempotent()
    {
        var target = TestDatabases.Create(Backends.Postgres);
        var source = TestDatabases.Create(Backends.Sqlite);
        var ct = TestContext.Current.CancellationToken;
        TenantSetup tenant;
        var scope = default(StreamScope);
        var actor = default(Actor);
        var ids = new List<string>();
        byte[] cursorKey;
        await using (var sqlite = CallbookDatabases.Open(source, TimeProvider.System))
        {
            await sqlite.MigrateAsync(ct);
            tenant = await sqlite.Tenancy.CreateTenantAsync("copy", ct);
            await sqlite.Tenancy.CreateAppAsync(new NewApp(tenant.AccountId, "second", Secrets.NewClientSecret(), true, true, [tenant.StreamId]), ct);
            // Apps of every kind, with a rotation in its grace period and own limits: every app column must arrive.
            using var rsa = RSA.Create(2048);
            var rs = await sqlite.Tenancy.CreateAppAsync(new NewApp(tenant.AccountId, "rs", "", false, false, [tenant.StreamId]) { Algorithm = JwtAlgorithms.Rs512, PublicKey = rsa.ExportSubjectPublicKeyInfoPem() }, ct);
            await sqlite.Tenancy.RotatePublicKeyAsync(rs.ClientId, RsaKeys.PublicPemOf(RsaKeys.NewEncryptionKey()), DateTimeOffset.UtcNow.AddHours(1), ct);
            await sqlite.Tenancy.CreateAppAsync(new NewApp(tenant.AccountId, "jwe", Secrets.NewClientSecret(), false, false, [tenant.StreamId]) { JwePrivateKey = RsaKeys.NewEncryptionKey(), EnforceJwe = true }, ct);
            await sqlite.Tenancy.RotateSecretAsync(tenant.ClientId, Secrets.NewClientSecret(), DateTimeOffset.UtcNow.AddHours(1), ct);
            await sqlite.Tenancy.SetRateLimitsAsync(tenant.ClientId, 5, 50, ct);
            scope = new StreamScope(tenant.StreamId, tenant.AccountId, tenant.OrgId);
            actor = new Actor(tenant.UserId, tenant.ActorId);
            await sqlite.Webhooks.CreateWebhookAsync(tenant.Scope, new NewWebhook("http://127.0.0.1:9/hook", WebhookEventTypes.All, "whsec_copy"), 10, ct);
            for (var batch = 0; batch < 6; batch++)
            {
                var fields = Enumerable.Range(0, 1000).Select(i => new ContactFields("Zoë" + batch, "Nú" + i, "Dr",
                    new CellPhone("+", "+1" + (5000000 + (batch * 1000) + i).ToString(CultureInfo.InvariantCulture), "+1"), """[{"city":"Köln"}]""", "[]")).ToList();
                ids.AddRange((await sqlite.Contacts.CreateContactsAsync(scope, actor, fields, ct)).Created!.Select(c => c.Id));
            }
            var changed = (await sqlite.Contacts.FindContactAsync(scope, ids[10], ct))!;
            await sqlite.Contacts.UpdateContactAsync(scope, actor, new ContactUpdate(ids[10], changed.Fields with { FirstName = "Changed" }), ct);
            await sqlite.Contacts.DeleteContactAsync(scope, actor, ids[20], null, ct);
            // The columns of migration 0011 travel too: a paused, rotated subscription and a user's security stamp.
            var hook = (await sqlite.Webhooks.ListWebhooksAsync(tenant.Scope, ct))[0];
            await sqlite.WebhookOperations.RotateAnySecretAsync(hook.Id, "whsec_copy2", DateTimeOffset.UtcNow.AddHours(1), ct);
            await sqlite.WebhookOperations.UpdateAnyWebhookAsync(hook.Id, new WebhookChange(null, null, false), ct);
            await sqlite.ConsoleUsers.CreateUserAsync("copy@example.com", "hash", ct);
            cursorKey = await sqlite.GetOrCreateSecretAsync("cursor-key", ct);
        }

        var first = await CallbookProcess.RunAsync("copy", "--from", source, "--to", target);
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        Assert.Contains("Count check passed", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("contacts  ", first.Stderr, StringComparison.Ordinal);
        var again = await CallbookProcess.RunAsync("copy", "--from", source, "--to", target);
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Matches(@"contacts\s+6,000\s+0\s+6,000", again.Stdout);
        Assert.Matches(@"webhook_deliveries\s+6,002\s+0\s+6,002", again.Stdout);

        await using var sqliteAgain = CallbookDatabases.Open(source, TimeProvider.System);
        await using var postgres = CallbookDatabases.Open(target, TimeProvider.System);
        foreach (var id in ids.Where((_, i) => i % 97 == 0).Append(ids[10]).Append(ids[20]))
        {
            Assert.Equal(await sqliteAgain.Contacts.FindContactAsync(scope, id, ct), await postgres.Contacts.FindContactAsync(scope, id, ct));
        }
        Assert.Equal(
            (await sqliteAgain.Contacts.GetHistoryAsync(scope, ids[10], ct))!.Select(h => h.ChangesJson),
            (await postgres.Contacts.GetHistoryAsync(scope, ids[10], ct))!.Select(h => h.ChangesJson));
        Assert.Equal(await sqliteAgain.Tenancy.ListAppsAsync(null, ct), await postgres.Tenancy.ListAppsAsync(null, ct));
        var copiedApps = new List<Callbook.Tenancy.App>();
        foreach (var app in await sqliteAgain.Tenancy.ListAppsAsync(null, ct))
        {
            // The listing leaves secrets encrypted; the lookup tokens are verified with decrypts them.
            var copied = await postgres.Auth.FindAppAsync(app.ClientId, ct);
            Assert.Equal(await sqliteAgain.Auth.FindAppAsync(app.ClientId, ct), copied);
            copiedApps.Add(copied!);
        }
        Assert.Contains(copiedApps, a => a.Algorithm == JwtAlgorithms.Rs512 && a.PublicKey is not null && a.PreviousPublicKeyExpiresAt is not null);
        Assert.Contains(copiedApps, a => a.EnforceJwe && a.JwePrivateKey is not null);
        Assert.Contains(copiedApps, a => a.PreviousSecret is not null && a.RatePerMinute == 5 && a.RatePerHour == 50);
        Assert.Equal(cursorKey, await postgres.GetOrCreateSecretAsync("cursor-key", ct));
        var webhook = Assert.Single(await postgres.Webhooks.ListWebhooksAsync(tenant.Scope, ct));
        Assert.Equal(Assert.Single(await sqliteAgain.Webhooks.ListWebhooksAsync(tenant.Scope, ct)), webhook);
        Assert.Equal((false, "whsec_copy"), (webhook.Active, webhook.PreviousProtectedSecret));
        Assert.Equal(
            (await sqliteAgain.ConsoleUsers.FindUserByEmailAsync("copy@example.com", ct))!.SecurityStamp,
            (await postgres.ConsoleUsers.FindUserByEmailAsync("copy@example.com", ct))!.SecurityStamp);
        var deliveries = await postgres.Webhooks.ListDeliveriesAsync(tenant.Scope, webhook.Id, new DeliveryQuery(null, null, 100), ct);
        Assert.Equal(
            (await sqliteAgain.Webhooks.ListDeliveriesAsync(tenant.Scope, webhook.Id, new DeliveryQuery(null, null, 100), ct))!.Deliveries,
            deliveries!.Deliveries);
        Assert.Equal(["contact.deleted", "contact.updated"], deliveries.Deliveries.Take(2).Select(d => d.EventType).Order());
        var page = await postgres.Contacts.ListContactsAsync(scope, new ContactListQuery(StatusFilter.All, 0, 1), ct);
        Assert.Equal(6000, page.TotalResults);
        var search = await postgres.Contacts.ListContactsAsync(scope, new ContactListQuery(StatusFilter.Active, 0, 100, ContactSearch.Key("zoe5 nu99")), ct);
        Assert.Equal(11, search.TotalResults);   // "Zoë5 Nú99" and "Zoë5 Nú990" … "Zoë5 Nú999"
    }

    [Fact]
    public async Task CopyRefusesWrongLocations()
    {
        var missing = await CallbookProcess.RunAsync("copy", "--from", "sqlite:/nonexistent/x.db", "--to", "postgres://u@127.0.0.1:1/x");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("existing SQLite database", missing.Stderr, StringComparison.Ordinal);
    }
}
