using System.Data.Common;
using System.Globalization;
using Callbook.Contacts;
using Callbook.Storage;
using Callbook.Storage.Postgres;
using Callbook.Storage.Sql;
using Callbook.Storage.Sqlite;
using Callbook.Stores;
using Callbook.Tenancy;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Callbook.Tests.Contacts;

/// <summary>
/// One stream served by two nodes of one database (two <see cref="ICallbookDatabase"/>s: two
/// connection pools, two caches of position marks), each writing with a clock the test sets, so a
/// new contact can land anywhere in the list order. Pages are checked against the list as the
/// export reads it (every contact in (created_at, id) order, no offset): the page a plain offset
/// query answers.
/// </summary>
internal sealed class PositionMarkWorld : IAsyncDisposable
{
    /// <summary>The time the first contacts are created at; the test's writes go before and after it.</summary>
    public static readonly DateTimeOffset Base = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly CancellationToken ct = TestContext.Current.CancellationToken;
    private int phones;

    private PositionMarkWorld(string location, ICallbookDatabase[] nodes, SetClock[] clocks, StreamScope scope, Actor actor)
    {
        Location = location;
        Nodes = nodes;
        Clocks = clocks;
        Scope = scope;
        Actor = actor;
    }

    public string Location { get; }

    /// <summary>Two nodes of the same database.</summary>
    public ICallbookDatabase[] Nodes { get; }

    public SetClock[] Clocks { get; }

    public StreamScope Scope { get; }

    public Actor Actor { get; }

    public static async Task<PositionMarkWorld> OpenAsync(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        var location = TestDatabases.Create(backend);
        var clocks = new[] { new SetClock(), new SetClock() };
        var nodes = clocks.Select(clock => CallbookDatabases.Open(location, clock)).ToArray();
        await nodes[0].MigrateAsync(ct);
        var tenant = await nodes[0].Tenancy.CreateTenantAsync("marks", ct);
        return new PositionMarkWorld(location, nodes, clocks, new StreamScope(tenant.StreamId, tenant.AccountId, tenant.OrgId), new Actor(tenant.UserId, tenant.ActorId));
    }

    /// <summary>A new contact's fields, with a number no other contact of the test has.</summary>
    public ContactFields NewFields()
    {
        var n = ++phones;
        return new("F" + n, "L" + n, "mr", new CellPhone("+", "+1555" + n.ToString("D7", CultureInfo.InvariantCulture), "+1"), "[]", "[]");
    }

    /// <summary>Creates <paramref name="count"/> contacts on <paramref name="node"/> at <paramref name="at"/>, in requests of 500.</summary>
    public async Task<List<Contact>> CreateAsync(int node, int count, DateTimeOffset at)
    {
        Clocks[node].Now = at;
        var created = new List<Contact>();
        for (var done = 0; done < count; done += 500)
        {
            var batch = Enumerable.Range(0, Math.Min(500, count - done)).Select(_ => NewFields()).ToList();
            created.AddRange((await Nodes[node].Contacts.CreateContactsAsync(Scope, Actor, batch, ct)).Created!);
        }
        return created;
    }

    /// <summary>Every contact of the list, in list order, as the export reads it.</summary>
    public async Task<List<string>> ExpectedAsync(StatusFilter filter)
    {
        var ids = new List<string>();
        await foreach (var contact in Nodes[0].Contacts.StreamContactsAsync(Scope, filter, ct))
        {
            ids.Add(contact.Id);
        }
        return ids;
    }

    /// <summary>The page <paramref name="node"/> answers at <paramref name="skip"/> equals the slice of the expected list, with its exact total.</summary>
    public async Task AssertPageAsync(int node, StatusFilter filter, int skip, int limit, List<string>? expected = null)
    {
        expected ??= await ExpectedAsync(filter);
        var page = await Nodes[node].ContactReads.ListContactsAsync(Scope, new ContactListQuery(filter, skip, limit), ct);
        var where = $"{filter} skip {skip} limit {limit} on node {node}";
        Assert.True(expected.Skip(skip).Take(limit).SequenceEqual(page.Contacts.Select(c => c.Id)), "page " + where);
        Assert.True(expected.Count == page.TotalResults, $"total {page.TotalResults}, expected {expected.Count}: {where}");
        Assert.True(skip + limit < expected.Count == page.HasMore, "hasMore " + where);
    }

    /// <summary>The position marks <paramref name="node"/> keeps for its lists.</summary>
    public PositionMarks Marks(int node) => Nodes[node].ContactReads switch
    {
        SqliteContactStore sqlite => sqlite.Marks,
        PostgresContactStore postgres => postgres.Marks,
        var other => throw new InvalidOperationException(other.GetType().Name),
    };

    /// <summary>The sum of the stream's counter rows' change numbers, read straight from the database.</summary>
    public Task<long> ChangeNumberAsync() => ChangeNumberAsync(Location, Scope.StreamId);

    /// <summary>The sum of <paramref name="streamId"/>'s counter rows' change numbers in the database at <paramref name="location"/>.</summary>
    public static async Task<long> ChangeNumberAsync(string location, string streamId)
    {
        var ct = TestContext.Current.CancellationToken;
        await using DbConnection connection = location.StartsWith("sqlite:", StringComparison.Ordinal)
            ? new SqliteConnection("Data Source=" + location["sqlite:".Length..] + ";Pooling=False")
            : new NpgsqlConnection(location);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(sum(changes), 0) FROM contact_counts WHERE stream_id = @stream";
        var stream = command.CreateParameter();
        stream.ParameterName = "stream";
        stream.Value = streamId;
        command.Parameters.Add(stream);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>A clock the test sets.</summary>
    public sealed class SetClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = Base;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
