using System.Globalization;

namespace Callbook.Tests.Infrastructure;

/// <summary>
/// A stream's contacts against its contact.created events: the rows and counters read straight from
/// the database, the events queued in the outbox (<c>webhook_deliveries</c>) and the events a receiver
/// got. Made to explain a failure by itself: each fault names the numbers on both sides.
/// </summary>
public static class OutboxCheck
{
    // One statement, so one snapshot on either store.
    private const string Sql =
        "SELECT 'contact', id FROM contacts WHERE stream_id = @stream UNION ALL " +
        "SELECT 'created', contact_id FROM webhook_deliveries WHERE stream_id = @stream AND event_type = 'contact.created'";

    /// <summary>
    /// What disagrees, one line per fault (none when all agree), for a stream with one subscription to
    /// contact.created: the list's <paramref name="totalResults"/>, the counters, <c>COUNT(*)</c> of the
    /// rows, one queued event per contact and none without its contact, and the <paramref name="delivered"/>
    /// events (one distinct event per stored contact, none of another stream or of an unknown contact).
    /// </summary>
    public static async Task<IReadOnlyList<string>> FaultsAsync(string db, string streamId, long totalResults, IReadOnlyList<ReceivedEvent> delivered)
    {
        var faults = new List<string>();
        var (counters, rows) = await CounterCheck.ReadAsync(db, streamId);
        var (contacts, queued) = await ReadAsync(db, streamId);
        if (totalResults != rows.Active + rows.Inactive || counters != rows)
        {
            faults.Add($"totalResults {totalResults}; counters {counters}; COUNT(*) of the rows {rows} (active, inactive)");
        }
        var created = queued.CountBy(id => id).ToDictionary(StringComparer.Ordinal);
        Add(faults, "contacts with several contact.created queued", created.Where(c => c.Value > 1).Select(c => c.Key));
        Add(faults, "queued contact.created without a stored contact", created.Keys.Where(id => !contacts.Contains(id)));
        Add(faults, "stored contacts with no contact.created queued", contacts.Where(id => !created.ContainsKey(id)));

        var byStream = delivered.ToLookup(e => e.StreamId == streamId);
        Add(faults, $"delivered events of another stream than {streamId}", byStream[false].Select(e => $"{e.EventId} ({e.StreamId})"));
        var own = byStream[true].ToList();
        var eventIds = own.Select(e => e.EventId).Distinct(StringComparer.Ordinal).Count();
        var byContact = own.GroupBy(e => e.ContactId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.EventId).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        if (eventIds != contacts.Count)
        {
            faults.Add($"{eventIds} distinct event ids delivered ({delivered.Count} POSTs) for {contacts.Count} stored contacts");
        }
        Add(faults, "contacts delivered under several event ids", byContact.Where(c => c.Value.Count > 1).Select(c => $"{c.Key}: {string.Join(" ", c.Value)}"));
        Add(faults, "delivered events whose contact is not stored", byContact.Keys.Where(id => !contacts.Contains(id)));
        Add(faults, "stored contacts with no delivered event", contacts.Where(id => !byContact.ContainsKey(id)));
        return faults;
    }

    /// <summary>The ids of the stream's contacts, and the contact id of each queued contact.created delivery.</summary>
    public static async Task<(IReadOnlySet<string> Contacts, IReadOnlyList<string> Created)> ReadAsync(string db, string streamId)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = TestDatabases.OpenDirect(db);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        var stream = command.CreateParameter();
        stream.ParameterName = "stream";
        stream.Value = streamId;
        command.Parameters.Add(stream);
        var (contacts, created) = (new HashSet<string>(StringComparer.Ordinal), new List<string>());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetString(0) == "contact")
            {
                contacts.Add(reader.GetString(1));
            }
            else
            {
                created.Add(reader.GetString(1));
            }
        }
        return (contacts, created);
    }

    /// <summary>A fault line for a non-empty set: how many, and the first few.</summary>
    private static void Add(List<string> faults, string what, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count > 0)
        {
            faults.Add(string.Create(CultureInfo.InvariantCulture, $"{list.Count} {what}, e.g. {string.Join(", ", list.Take(5))}"));
        }
    }
}
