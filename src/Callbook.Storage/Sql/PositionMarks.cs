using System.Collections.Concurrent;
using Callbook.Stores;

namespace Callbook.Storage.Sql;

/// <summary>
/// Position marks of list orders, kept in this process: for a stream and a status filter, the
/// <c>(created_at, id)</c> key of entry 1,000·k of the list (k = 1, 2, …), taken while the stream
/// had one change number (<see cref="ContactCounters"/>). A page at offset n seeks to mark n / 1,000
/// and walks only n mod 1,000 entries, instead of walking n entries of the index.
/// <para>
/// Soundness lies with the store, not here: a store reads the stream's change number in the same
/// snapshot as the page (one statement on PostgreSQL, one read transaction on SQLite) and seeks from
/// a mark only when that number equals the mark's. A mark is never used under another change
/// number, so a stale cache costs a walk, never a wrong page. Entries are per stream: nothing
/// crosses streams.
/// </para>
/// <para>
/// When to take marks: a list whose change number differs from the one its last deep page saw is
/// answered as without marks (one walk of the offset) and only remembers the number; a list read
/// again under the same number takes the marks on its way to the page (one index step of 1,000
/// entries per mark, measured at 1–2× the plain walk) and seeks from them from then on. So a
/// stream written between every read pays today's walk, never more, and a quiet one pays the
/// steps once. Bounded: at most <see cref="MaxMarks"/> marks and lists in all (≈ 100 bytes each),
/// the least recently used lists forgotten first.
/// </para>
/// </summary>
internal sealed class PositionMarks
{
    /// <summary>Entries between two marks: a page walks at most this many skipped entries.</summary>
    public const int Interval = 1000;

    /// <summary>The marks and lists kept in all (≈ 25 MB): enough for 250 lists 1,000,000 deep.</summary>
    public const int MaxMarks = 250_000;

    private readonly ConcurrentDictionary<(string StreamId, StatusFilter Status), Entry> entries = new();
    private readonly Lock learning = new();
    private long marks;
    private long weight; // marks and lists: what the bound counts
    private long clock;

    /// <summary>True for a list the marks serve: by status alone (its total is counted), by offset, at least one interval deep.</summary>
    public static bool Serve(ContactListQuery query) =>
        query.Skip >= Interval && query.After is null && query.SearchPrefix is null && query.Phones is not { Count: > 0 };

    /// <summary>How many marks are kept now, in all lists.</summary>
    public long Count => Interlocked.Read(ref marks);

    /// <summary>
    /// The nearest known mark at or before offset <paramref name="skip"/>: valid only if the stream's
    /// change number, read with the page, equals <see cref="Start.ChangeNumber"/>; then the page takes
    /// the marks it passes on its way. Mark 0 (no key) is the start of the list.
    /// </summary>
    public Start Find(string streamId, StatusFilter status, int skip)
    {
        if (!entries.TryGetValue((streamId, status), out var entry))
        {
            return default;
        }
        entry.LastUse = Interlocked.Increment(ref clock);
        var mark = Math.Min(skip / Interval, entry.Keys.Length);
        return new Start(entry.ChangeNumber, mark, mark == 0 ? null : entry.Keys[mark - 1]);
    }

    /// <summary>
    /// Keeps what a page found: the stream's <paramref name="changeNumber"/> in the page's snapshot
    /// and the marks it took, <paramref name="taken"/>[i] being mark (first + i + 1), where first is
    /// <paramref name="start"/>'s mark when the page used it (the numbers matched), else 0 (and none
    /// taken: the number is remembered, the next page under it takes them).
    /// </summary>
    public void Learn(string streamId, StatusFilter status, string? changeNumber, Start start, IReadOnlyList<ListPosition> taken)
    {
        if (changeNumber is null)
        {
            return; // a stream without counters: nothing to tell a later change by
        }
        if (taken.Count == 0 && start.ChangeNumber == changeNumber)
        {
            return; // the usual page: served from marks already kept
        }
        var first = start.ChangeNumber == changeNumber ? start.Mark : 0;
        var key = (streamId, status);
        lock (learning)
        {
            var known = entries.GetValueOrDefault(key);
            ListPosition[] keys;
            if (known?.ChangeNumber == changeNumber)
            {
                if (known.Keys.Length != first || taken.Count == 0)
                {
                    return; // nothing new (or another page already went further)
                }
                keys = [.. known.Keys, .. taken];
            }
            else if (first == 0)
            {
                keys = [.. taken];
            }
            else
            {
                return;
            }
            var entry = new Entry(changeNumber, keys) { LastUse = Interlocked.Increment(ref clock) };
            entries[key] = entry;
            Interlocked.Add(ref marks, keys.Length - (known?.Keys.Length ?? 0));
            Interlocked.Add(ref weight, keys.Length + 1 - (known is null ? 0 : known.Keys.Length + 1));
            Evict(key);
        }
    }

    /// <summary>Forgets the least recently used lists (never <paramref name="keep"/>, the one just learnt) until the marks fit.</summary>
    private void Evict((string, StatusFilter) keep)
    {
        while (Interlocked.Read(ref weight) > MaxMarks && entries.Count > 1)
        {
            var oldest = entries.Where(e => !e.Key.Equals(keep)).MinBy(e => e.Value.LastUse);
            if (entries.TryRemove(oldest.Key, out var gone))
            {
                Interlocked.Add(ref marks, -gone.Keys.Length);
                Interlocked.Add(ref weight, -(gone.Keys.Length + 1));
            }
        }
    }

    /// <summary>Where a page may start: mark <see cref="Mark"/> (0: the start of the list) at <see cref="Key"/>, under <see cref="ChangeNumber"/>.</summary>
    public readonly record struct Start(string? ChangeNumber, int Mark, ListPosition? Key);

    private sealed class Entry(string changeNumber, ListPosition[] keys)
    {
        public string ChangeNumber { get; } = changeNumber;

        /// <summary>Keys[i] is mark i + 1: the key of entry (i + 1)·<see cref="Interval"/> of the list.</summary>
        public ListPosition[] Keys { get; } = keys;

        public long LastUse { get; set; }
    }
}
