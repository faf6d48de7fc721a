using Callbook.Contacts;
using Callbook.Stores;

namespace Callbook.Tests.Contacts;

/// <summary>
/// Deep list offsets served from position marks (Storage/Sql/PositionMarks): every page equals the
/// plain offset query's page with its exact total, across mark boundaries, after every kind of change
/// to the list made on this node or another one; marks taken under another change number are never
/// used; every write that changes a list moves the stream's change number, and one that does not
/// leaves it.
/// </summary>
public sealed class PositionMarkTests
{
    private static readonly StatusFilter[] Filters = [StatusFilter.Active, StatusFilter.Inactive, StatusFilter.All];

    [Theory, BothBackends]
    public async Task DeepPagesEqualThePlainOffsetQueryAcrossMarkBoundaries(string backend)
    {
        await using var world = await PositionMarkWorld.OpenAsync(backend);
        var created = await world.CreateAsync(0, 3400, PositionMarkWorld.Base);
        await world.Nodes[0].Contacts.DeleteContactsAsync(world.Scope, world.Actor, [.. created.Where((_, i) => i % 5 == 0).Select(c => new ContactDelete(c.Id))], TestContext.Current.CancellationToken);

        // Deepest first (marks taken in one walk), then around every boundary, then past the end.
        int[] offsets = [3300, 999, 1000, 1001, 1999, 2000, 2001, 2999, 3000, 3001, 2500, 1500, 3399, 3400, 4000, 1000];
        foreach (var filter in Filters)
        {
            var expected = await world.ExpectedAsync(filter);
            foreach (var skip in offsets)
            {
                await world.AssertPageAsync(0, filter, skip, 100, expected);
                await world.AssertPageAsync(0, filter, skip, 1, expected);
            }
        }
        // ACTIVE and ALL are 2,720 and 3,400 deep: marks 1–2 and 1–3; INACTIVE (680) has none.
        Assert.Equal(5, world.Marks(0).Count);
    }

    [Theory, BothBackends]
    public async Task AfterEachKindOfChangeByAnotherNodeTheNextDeepPageIsStillExact(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await PositionMarkWorld.OpenAsync(backend);
        var created = await world.CreateAsync(1, 2600, PositionMarkWorld.Base);
        await world.Nodes[1].Contacts.DeleteContactsAsync(world.Scope, world.Actor, [.. created.Skip(100).Take(1100).Select(c => new ContactDelete(c.Id))], ct);
        await CheckAsync(world, "the start");
        var writer = world.Nodes[1].Contacts;
        var early = PositionMarkWorld.Base;

        // Each change lands before the marks, so every later position moves.
        await world.CreateAsync(1, 1, early = early.AddMinutes(-1));
        await CheckAsync(world, "a create");
        await world.CreateAsync(1, 3, early = early.AddMinutes(-1));
        await CheckAsync(world, "a bulk create");
        world.Clocks[1].Now = early = early.AddMinutes(-1);
        await writer.ImportContactsAsync(world.Scope, world.Actor, ImportRows([world.NewFields(), world.NewFields()]), Import(), ct);
        await CheckAsync(world, "an import");
        await writer.DeleteContactAsync(world.Scope, world.Actor, created[0].Id, null, ct);
        await CheckAsync(world, "a delete (ACTIVE to INACTIVE)");
        await writer.RestoreContactAsync(world.Scope, world.Actor, created[0].Id, null, ct);
        await CheckAsync(world, "a restore");
        await writer.DeleteContactsAsync(world.Scope, world.Actor, [new ContactDelete(created[1].Id), new ContactDelete(created[2].Id)], ct);
        await CheckAsync(world, "a bulk delete");
        await writer.EraseContactAsync(world.Scope, world.Actor, created[3].Id, new IdempotentAnswer(410, "application/json", "{}"u8.ToArray()), ct);
        await CheckAsync(world, "an erasure");
        await world.Nodes[1].ContactOperations.RecountAsync(ct);
        await CheckAsync(world, "a recount");
    }

    [Theory, BothBackends]
    public async Task MarksTakenUnderAnotherChangeNumberAreNeverUsed(string backend)
    {
        await using var world = await PositionMarkWorld.OpenAsync(backend);
        await world.CreateAsync(0, 2200, PositionMarkWorld.Base);
        await world.AssertPageAsync(0, StatusFilter.Active, 2100, 100);
        var marks = world.Marks(0);
        var current = marks.Find(world.Scope.StreamId, StatusFilter.Active, 2100).ChangeNumber;
        Assert.NotNull(current);
        ListPosition[] wrong = [new(PositionMarkWorld.Base.AddDays(1).ToUnixTimeMilliseconds(), "x"), new(PositionMarkWorld.Base.AddDays(2).ToUnixTimeMilliseconds(), "y")];

        // Wrong keys under a number the stream does not have: not used, the page walks and is right.
        marks.Learn(world.Scope.StreamId, StatusFilter.Active, "stale", default, wrong);
        await world.AssertPageAsync(0, StatusFilter.Active, 2100, 100);
        // The same wrong keys under the stream's own number are used (the page is wrong): the check above can fail.
        marks.Learn(world.Scope.StreamId, StatusFilter.Active, "stale", default, wrong);
        marks.Learn(world.Scope.StreamId, StatusFilter.Active, current, default, wrong);
        var page = await world.Nodes[0].ContactReads.ListContactsAsync(world.Scope, new ContactListQuery(StatusFilter.Active, 1000, 100), TestContext.Current.CancellationToken);
        Assert.Empty(page.Contacts);
    }

    [Theory, BothBackends]
    public async Task EveryWriteThatChangesAListMovesTheChangeNumber(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await PositionMarkWorld.OpenAsync(backend);
        var store = world.Nodes[0].Contacts;
        var last = await world.ChangeNumberAsync();
        async Task MovesAsync(string write, bool moves)
        {
            var now = await world.ChangeNumberAsync();
            Assert.True(moves ? now > last : now == last, $"{write}: change number {last} -> {now}");
            last = now;
        }

        var created = await world.CreateAsync(0, 1, PositionMarkWorld.Base);
        await MovesAsync("a create", true);
        created.AddRange(await world.CreateAsync(0, 4, PositionMarkWorld.Base));
        await MovesAsync("a bulk create", true);
        await store.ImportContactsAsync(world.Scope, world.Actor, ImportRows([world.NewFields()]), Import(), ct);
        await MovesAsync("an import", true);
        await store.UpdateContactAsync(world.Scope, world.Actor, new ContactUpdate(created[0].Id, world.NewFields()), ct);
        await MovesAsync("an update (no list changes)", false);
        await store.DeleteContactAsync(world.Scope, world.Actor, created[0].Id, null, ct);
        await MovesAsync("a delete", true);
        await store.DeleteContactAsync(world.Scope, world.Actor, created[0].Id, null, ct);
        await MovesAsync("a delete of an inactive contact (no list changes)", false);
        await store.RestoreContactAsync(world.Scope, world.Actor, created[0].Id, null, ct);
        await MovesAsync("a restore", true);
        await store.DeleteContactsAsync(world.Scope, world.Actor, [new ContactDelete(created[1].Id), new ContactDelete(created[2].Id)], ct);
        await MovesAsync("a bulk delete", true);
        await store.EraseContactAsync(world.Scope, world.Actor, created[3].Id, new IdempotentAnswer(410, "application/json", "{}"u8.ToArray()), ct);
        await MovesAsync("an erasure", true);
        await world.Nodes[0].ContactOperations.RecountAsync(ct);
        await MovesAsync("a recount", true);
        await store.CreateContactsAsync(world.Scope, world.Actor, [world.NewFields(), created[4].Fields], ct);
        await MovesAsync("a refused create", false);
    }

    /// <summary>Node 0 reads every list at offsets around its marks, before and after node 1's changes, in an order that reuses and extends them.</summary>
    internal static async Task CheckAsync(PositionMarkWorld world, string after)
    {
        foreach (var filter in Filters)
        {
            var expected = await world.ExpectedAsync(filter);
            foreach (var skip in new[] { 2000, 1000, 1450, 2550, 1999 })
            {
                try
                {
                    await world.AssertPageAsync(0, filter, skip, 100, expected);
                }
                catch (Exception e) when (e is Xunit.Sdk.XunitException)
                {
                    throw new Xunit.Sdk.XunitException($"after {after}: {e.Message}");
                }
            }
        }
    }

    internal static ImportOptions Import() => new(false, KeepCreated: false, Callbook.UseCases.ContactImport.PhoneInUse);

    internal static async IAsyncEnumerable<ImportRow> ImportRows(IEnumerable<ContactFields> rows)
    {
        var row = 2;
        foreach (var fields in rows)
        {
            yield return new ImportRow(row++, fields, []);
        }
        await Task.Yield();
    }
}
