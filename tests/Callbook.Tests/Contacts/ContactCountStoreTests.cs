using System.Globalization;
using Callbook.Contacts;
using Callbook.Storage;
using Callbook.Storage.Copy;
using Callbook.Storage.Sqlite;
using Callbook.Stores;
using Callbook.Tenancy;
using Callbook.Webhooks;

namespace Callbook.Tests.Contacts;

/// <summary>
/// The per-stream contact counters beyond the API: a write that fails midway leaves them as they
/// were, migration 0014 counts the rows already stored, <c>callbook copy</c> rebuilds them on the
/// target and a SQLite backup carries them.
/// </summary>
public sealed class ContactCountStoreTests
{
    [Theory, BothBackends]
    public async Task AnImportThatFailsMidwayLeavesTheCountsAsTheyWere(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        var location = TestDatabases.Create(backend);
        await using var db = CallbookDatabases.Open(location, TimeProvider.System);
        await db.MigrateAsync(ct);
        var (scope, actor) = await TenantAsync(db, ct);
        await SubscribeAsync(db, scope, ct);
        await db.Contacts.CreateContactsAsync(scope, actor, [Fields(1), Fields(2)], ct);

        // The file's reader fails after many rows (a broken upload, a cancelled request): nothing of it stays, nor any of its events.
        await Assert.ThrowsAsync<IOException>(() => db.Contacts.ImportContactsAsync(scope, actor, RowsAsync(2500, breakOff: true), Import(partial: true), ct));

        Assert.Equal((2, 0), await CounterCheck.AssertExactAsync(location, scope.StreamId));
        var (contacts, created) = await OutboxCheck.ReadAsync(location, scope.StreamId);
        Assert.Equal(contacts.Order(), created.Order());
        var page = await db.Contacts.ListContactsAsync(scope, new ContactListQuery(StatusFilter.All, 1, 1), ct);
        Assert.Equal(2, page.TotalResults);
    }

    [Theory, BothBackends]
    public async Task AnImportOfSeveralBatchesCountsEveryBatch(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        var location = TestDatabases.Create(backend);
        await using var db = CallbookDatabases.Open(location, TimeProvider.System);
        await db.MigrateAsync(ct);
        var (scope, actor) = await TenantAsync(db, ct);
        await SubscribeAsync(db, scope, ct);

        // 2,500 rows: on PostgreSQL three INSERTs of up to 1,000 rows, from two batches taking turns.
        var result = await db.Contacts.ImportContactsAsync(scope, actor, RowsAsync(2500, breakOff: false), Import(partial: false), ct);

        Assert.Equal(2500, result.Imported);
        Assert.Equal((1250, 1250), await CounterCheck.AssertExactAsync(location, scope.StreamId));
        // Each batch queued the contact.created event of each of its contacts, once.
        var (contacts, created) = await OutboxCheck.ReadAsync(location, scope.StreamId);
        Assert.Equal(2500, contacts.Count);
        Assert.Equal(contacts.Order(), created.Order());
        var page = await db.Contacts.ListContactsAsync(scope, new ContactListQuery(StatusFilter.All, 100, 1), ct);
        Assert.Equal(2500, page.TotalResults);
    }

    [Theory, BothBackends]
    public async Task MigrationCountsTheRowsAlreadyStored(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        var location = TestDatabases.Create(backend);
        string[] streams = ["s0000000000000000000000b", "s0000000000000000000000c"];
        await using (var old = await PreviousSchema.OpenAsync(backend, location, 13, ct, streams))
        {
            for (var i = 0; i < 7; i++)
            {
                await PreviousSchema.InsertContactAsync(old, streams[i % 2], i.ToString("D24", CultureInfo.InvariantCulture), "+1555000" + i, "+1", i < 5 ? "ACTIVE" : "INACTIVE", ct);
            }
        }

        await using var db = CallbookDatabases.Open(location, TimeProvider.System);
        await db.MigrateAsync(ct);

        Assert.Equal((3, 1), await CounterCheck.AssertExactAsync(location, streams[0]));
        Assert.Equal((2, 1), await CounterCheck.AssertExactAsync(location, streams[1]));
        var metrics = await db.ContactOperations.CountByStatusAsync(ct);
        Assert.Equal((5, 2), (metrics[ContactStatus.Active], metrics[ContactStatus.Inactive]));
    }

    [Fact]
    public async Task ACopyToPostgreSqlCountsEveryRowTheTargetHolds()
    {
        var ct = TestContext.Current.CancellationToken;
        var (source, target) = (TestDatabases.Create(Backends.Sqlite), TestDatabases.Create(Backends.Postgres));
        StreamScope copied;
        await using (var sqlite = CallbookDatabases.Open(source, TimeProvider.System))
        {
            await sqlite.MigrateAsync(ct);
            (copied, var actor) = await TenantAsync(sqlite, ct);
            var ids = (await sqlite.Contacts.CreateContactsAsync(copied, actor, [Fields(1), Fields(2), Fields(3)], ct)).Created!;
            await sqlite.Contacts.DeleteContactAsync(copied, actor, ids[0].Id, null, ct);
        }
        // The target already serves a stream of its own.
        StreamScope own;
        await using (var postgres = CallbookDatabases.Open(target, TimeProvider.System))
        {
            await postgres.MigrateAsync(ct);
            (own, var actor) = await TenantAsync(postgres, ct);
            await postgres.Contacts.CreateContactsAsync(own, actor, [Fields(1)], ct);
        }

        for (var run = 0; run < 2; run++) // a copy run again changes nothing
        {
            Assert.All(await StoreCopy.CopyAsync(source, target, new Progress<CopyProgress>(), ct), r => Assert.True(r.Complete, r.Table));
            Assert.Equal((2, 1), await CounterCheck.AssertExactAsync(target, copied.StreamId));
            Assert.Equal((1, 0), await CounterCheck.AssertExactAsync(target, own.StreamId));
        }
    }

    /// <summary>Rows written without the counters (as a node of a version before migration 0014 would) are counted again by <c>callbook contacts recount</c>.</summary>
    [Theory, BothBackends]
    public async Task ContactsRecountCorrectsCountersThatRowsWrittenWithoutThemLeftWrong(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        var location = TestDatabases.Create(backend);
        StreamScope scope;
        await using (var db = CallbookDatabases.Open(location, TimeProvider.System))
        {
            await db.MigrateAsync(ct);
            (scope, var actor) = await TenantAsync(db, ct);
            await db.Contacts.CreateContactsAsync(scope, actor, [Fields(1), Fields(2)], ct);
        }
        await using (var oldNode = backend == Backends.Sqlite
            ? (System.Data.Common.DbConnection)new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + location["sqlite:".Length..] + ";Pooling=False")
            : new Npgsql.NpgsqlConnection(location))
        {
            await oldNode.OpenAsync(ct);
            for (var i = 0; i < 3; i++)
            {
                await PreviousSchema.InsertContactAsync(oldNode, scope.StreamId, (900 + i).ToString("D24", CultureInfo.InvariantCulture), "+1555200" + i, "+1", i < 2 ? "ACTIVE" : "INACTIVE", ct);
            }
        }
        var (counters, rows) = await CounterCheck.ReadAsync(location, scope.StreamId);
        Assert.Equal(((2L, 0L), (4L, 1L)), (counters, rows));

        var recount = await CallbookProcess.RunAsync("contacts", "recount", "--db", location);
        Assert.Equal(0, recount.ExitCode);
        Assert.Equal($"stream {scope.StreamId}  ACTIVE 2 -> 4  INACTIVE 0 -> 1", recount.Stdout.Trim());
        Assert.Contains("Corrected the counters of 1 stream(s).", recount.Stderr, StringComparison.Ordinal);
        Assert.Equal((4, 1), await CounterCheck.AssertExactAsync(location, scope.StreamId));

        var again = await CallbookProcess.RunAsync("contacts", "recount", "--db", location);
        Assert.Equal((0, ""), (again.ExitCode, again.Stdout));
        Assert.Contains("Every stream's counters matched its contacts.", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASqliteBackupCarriesTheCounts()
    {
        var ct = TestContext.Current.CancellationToken;
        var location = TestDatabases.Create(Backends.Sqlite);
        StreamScope scope;
        await using (var db = CallbookDatabases.Open(location, TimeProvider.System))
        {
            await db.MigrateAsync(ct);
            (scope, var actor) = await TenantAsync(db, ct);
            var ids = (await db.Contacts.CreateContactsAsync(scope, actor, [Fields(1), Fields(2), Fields(3)], ct)).Created!;
            await db.Contacts.DeleteContactsAsync(scope, actor, [new ContactDelete(ids[1].Id), new ContactDelete(ids[2].Id)], ct);
        }
        var backup = Path.Combine(Path.GetDirectoryName(location["sqlite:".Length..])!, "backup.db");

        await SqliteBackup.CreateAsync(location["sqlite:".Length..], backup, ct);

        Assert.Equal((1, 2), await CounterCheck.AssertExactAsync("sqlite:" + backup, scope.StreamId));
    }

    /// <summary>An import's options as the import's edge sets them (the file's phone column names a held number).</summary>
    private static ImportOptions Import(bool partial) => new(partial, KeepCreated: false, Callbook.UseCases.ContactImport.PhoneInUse);

    /// <summary>A subscription to every event, so each new contact queues a contact.created delivery.</summary>
    private static Task SubscribeAsync(ICallbookDatabase db, StreamScope scope, CancellationToken ct) =>
        db.Webhooks.CreateWebhookAsync(scope, new NewWebhook("http://127.0.0.1:9/hook", WebhookEventTypes.All, "whsec_counts"), 10, ct);

    private static async Task<(StreamScope Scope, Actor Actor)> TenantAsync(ICallbookDatabase db, CancellationToken ct)
    {
        var tenant = await db.Tenancy.CreateTenantAsync("counts", ct);
        return (new StreamScope(tenant.StreamId, tenant.AccountId, tenant.OrgId), new Actor(tenant.UserId, tenant.ActorId));
    }

    private static ContactFields Fields(int i) =>
        new("F" + i, "L" + i, "mr", new CellPhone("+", "+1555100" + i.ToString("D4", CultureInfo.InvariantCulture), "+1"), "[]", "[]");

    /// <summary>Good rows, half of them inactive, then (<paramref name="breakOff"/>) a read error.</summary>
    private static async IAsyncEnumerable<ImportRow> RowsAsync(int good, bool breakOff)
    {
        for (var i = 0; i < good; i++)
        {
            yield return new ImportRow(i + 2, Fields(100 + i), [], i % 2 == 0 ? ContactStatus.Active : ContactStatus.Inactive);
        }
        await Task.Yield();
        if (breakOff)
        {
            throw new IOException("the upload broke off");
        }
    }
}
