using System.Net;
using Callbook.Contacts;
using Callbook.Storage;
using Callbook.Stores;
using Callbook.Tenancy;
using Npgsql;

namespace Callbook.Tests.Privacy;

/// <summary>Callbook:History:RetainDays: entries older than the cutoff are purged in batches, on one node at a time; newer ones stay.</summary>
public sealed class HistoryRetentionTests
{
    [Theory, BothBackends]
    public async Task PurgeDeletesOnlyEntriesOlderThanTheCutoffABatchAtATime(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ShiftedClock();
        var location = TestDatabases.Create(backend);
        await using var database = CallbookDatabases.Open(location, clock);
        await database.MigrateAsync(ct);
        // A change is never dated before the contact's last one: the contact is created in the past too.
        clock.Shift = TimeSpan.FromDays(-10);
        var (scope, actor, id) = await NewContactAsync(database, ct);
        await UpdateAsync(database, scope, actor, id, 3, "old", ct);
        clock.Shift = TimeSpan.Zero;
        await UpdateAsync(database, scope, actor, id, 2, "new", ct);

        var cutoff = DateTimeOffset.UtcNow - TimeSpan.FromDays(7);
        Assert.Equal(2, await database.ContactOperations.PurgeHistoryAsync(cutoff, 2, ct));
        Assert.Equal(1, await database.ContactOperations.PurgeHistoryAsync(cutoff, 2, ct));
        Assert.Equal(0, await database.ContactOperations.PurgeHistoryAsync(cutoff, 2, ct));
        var kept = (await database.Contacts.GetHistoryAsync(scope, id, ct))!;
        Assert.Equal(2, kept.Count);
        Assert.All(kept, e => Assert.True(e.At > cutoff));

        if (backend == Backends.Postgres)
        {
            // Another node purging right now (it holds the purge lock): this one skips the round.
            await using var other = NpgsqlDataSource.Create(location);
            await using var connection = await other.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var hold = new NpgsqlCommand("SELECT pg_advisory_xact_lock(4855281086045843308)", connection, transaction);
            await hold.ExecuteNonQueryAsync(ct);
            Assert.Equal(-1, await database.ContactOperations.PurgeHistoryAsync(DateTimeOffset.UtcNow.AddDays(1), 2, ct));
        }
    }

    [Theory, BothBackends]
    public async Task TheBackgroundWorkerPurgesWhatIsOlderThanRetainDays(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new CallbookFactory(backend, new Dictionary<string, string?>
        {
            ["Callbook:History:RetainDays"] = "30",
            ["Callbook:History:PurgeInterval"] = "00:00:00.200",
        });
        var api = await factory.NewTenantAsync();
        var scope = new StreamScope(api.StreamId, api.AccountId, api.Setup.OrgId);
        var actor = new Actor(api.Setup.UserId, api.Setup.ActorId);
        // A contact created and changed 40 days ago, through a second handle on the same database with a clock 40 days back.
        string id;
        await using (var past = CallbookDatabases.Open(factory.Db, new ShiftedClock { Shift = TimeSpan.FromDays(-40) }))
        {
            id = (await past.Contacts.CreateContactsAsync(scope, actor, [Fields("Timer", "9812377001")], ct)).Created![0].Id;
            await UpdateAsync(past, scope, actor, id, 2, "old", ct);
        }
        await Bodies.ReadAsync(await api.PutAsync("contacts/" + id, Bodies.Contact("Ret", "Recent", "9812377001").ToJsonString()), HttpStatusCode.OK);

        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var history = await Bodies.ReadAsync(await api.GetAsync($"contacts/{id}/history"), HttpStatusCode.OK);
            var operations = history.GetProperty("history").EnumerateArray().ToList();
            if (operations.Count == 2)
            {
                // The creation can no longer be rebuilt from a purged history: who and when only.
                Assert.Equal(0, operations[0].GetProperty("changes").GetArrayLength());
                Assert.Equal("Recent", operations[1].GetProperty("changes")[0].Str("after"));
                break;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, "the old entries were not purged: " + history);
            await Task.Delay(100, ct);
        }
    }

    private static async Task<(StreamScope Scope, Actor Actor, string Id)> NewContactAsync(ICallbookDatabase database, CancellationToken ct)
    {
        var tenant = await database.Tenancy.CreateTenantAsync("retention", ct);
        var scope = new StreamScope(tenant.StreamId, tenant.AccountId, tenant.OrgId);
        var actor = new Actor(tenant.UserId, tenant.ActorId);
        var created = await database.Contacts.CreateContactsAsync(scope, actor, [Fields("first", "9812377000")], ct);
        return (scope, actor, created.Created![0].Id);
    }

    private static async Task UpdateAsync(ICallbookDatabase database, StreamScope scope, Actor actor, string id, int times, string label, CancellationToken ct)
    {
        for (var i = 0; i < times; i++)
        {
            var current = (await database.Contacts.FindContactAsync(scope, id, ct))!;
            var result = await database.Contacts.UpdateContactAsync(scope, actor, new ContactUpdate(id, current.Fields with { LastName = $"{label}{i}" }), ct);
            Assert.Equal(WriteOutcome.Done, result.Outcome);
        }
    }

    private static ContactFields Fields(string lastName, string national) =>
        new("Ret", lastName, "mr", new CellPhone("+", "+91" + national, "+91"), "[]", "[]");

    /// <summary>The system clock moved by <see cref="Shift"/>.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }
}
