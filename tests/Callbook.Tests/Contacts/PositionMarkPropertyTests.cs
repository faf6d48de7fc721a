using System.Globalization;
using Callbook.Contacts;
using Callbook.Storage;
using Callbook.Storage.Copy;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Tests.Contacts;

/// <summary>
/// Position marks under random traffic: creates anywhere in the list order, deletes, restores and
/// erasures on two nodes, deep pages read on either, each compared with the list read whole. And a
/// copy into a served PostgreSQL moves the change number of the streams it writes to.
/// </summary>
public sealed class PositionMarkPropertyTests
{
    private static readonly StatusFilter[] Filters = [StatusFilter.Active, StatusFilter.Inactive, StatusFilter.All];

    [Theory, BothBackends]
    public async Task RandomWritesOnTwoNodesNeverMakeADeepPageWrong(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await PositionMarkWorld.OpenAsync(backend);
        var seed = Environment.GetEnvironmentVariable("CALLBOOK_TEST_SEED") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 1213;
        var random = new Random(seed);
        var ids = (await world.CreateAsync(0, 2300, PositionMarkWorld.Base)).Select(c => c.Id).ToList();
        await world.Nodes[0].Contacts.DeleteContactsAsync(world.Scope, world.Actor, [.. ids.Take(1200).Select(id => new ContactDelete(id))], ct);
        var erased = new IdempotentAnswer(410, "application/json", "{}"u8.ToArray());

        for (var step = 0; step < 60; step++)
        {
            var node = random.Next(2);
            var store = world.Nodes[node].Contacts;
            var id = ids[random.Next(ids.Count)];
            var what = random.Next(7);
            switch (what)
            {
                case 0:
                    var at = PositionMarkWorld.Base.AddMinutes(random.Next(-30, 31));
                    ids.AddRange((await world.CreateAsync(node, random.Next(1, 4), at)).Select(c => c.Id));
                    break;
                case 1:
                    await store.DeleteContactAsync(world.Scope, world.Actor, id, null, ct);
                    break;
                case 2:
                    await store.RestoreContactAsync(world.Scope, world.Actor, id, null, ct);
                    break;
                case 3:
                    await store.EraseContactAsync(world.Scope, world.Actor, id, erased, ct);
                    ids.Remove(id);
                    break;
                default:
                    // Three deep pages of one list in a row: the first remembers the change number (or
                    // seeks from marks still valid), the second takes marks, the third seeks from them.
                    var filter = Filters[random.Next(Filters.Length)];
                    var expected = await world.ExpectedAsync(filter);
                    for (var read = 0; read < 3; read++)
                    {
                        var skip = random.Next(1000, Math.Max(1001, expected.Count + 50));
                        try
                        {
                            await world.AssertPageAsync(node, filter, skip, random.Next(1, 101), expected);
                        }
                        catch (Xunit.Sdk.XunitException e)
                        {
                            throw new Xunit.Sdk.XunitException($"seed {seed}, step {step}, read {read}: {e.Message}");
                        }
                    }
                    break;
            }
        }
        Assert.True(world.Marks(0).Count + world.Marks(1).Count > 0, "no page was served from marks");
    }

    [Fact]
    public async Task ACopyMovesTheChangeNumberOfTheStreamsItWritesContactsToInEachBatch()
    {
        var ct = TestContext.Current.CancellationToken;
        var (source, target) = (TestDatabases.Create(Backends.Sqlite), TestDatabases.Create(Backends.Postgres));
        StreamScope scope;
        await using (var sqlite = CallbookDatabases.Open(source, TimeProvider.System))
        {
            await sqlite.MigrateAsync(ct);
            var tenant = await sqlite.Tenancy.CreateTenantAsync("copied", ct);
            scope = new StreamScope(tenant.StreamId, tenant.AccountId, tenant.OrgId);
            var fields = new ContactFields("F", "L", "mr", new CellPhone("+", "+15551000001", "+1"), "[]", "[]");
            await sqlite.Contacts.CreateContactsAsync(scope, new Actor(tenant.UserId, tenant.ActorId), [fields], ct);
        }

        Assert.All(await StoreCopy.CopyAsync(source, target, new Progress<CopyProgress>(), ct), r => Assert.True(r.Complete, r.Table));

        // One batch of contacts moved it (1), then the recount moved it past every number it had (2):
        // a node serving the target between the two never pages with marks from before the batch.
        Assert.Equal(2, await PositionMarkWorld.ChangeNumberAsync(target, scope.StreamId));
    }
}
