using System.Data.Common;
using Callbook.Stores;

namespace Callbook.Storage;

/// <summary>erased_contacts rows, the same columns on every backend.</summary>
internal static class TombstoneRows
{
    public const string Columns = "id, stream_id, version, created_at, created_by, created_by_aid, erased_at, erased_by, erased_by_aid";

    /// <summary>Reads every row of a SELECT of <see cref="Columns"/>, by id.</summary>
    public static async Task<Dictionary<string, ErasedContact>> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, ErasedContact>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var tombstone = new ErasedContact(reader.GetString(0), reader.GetString(1), reader.GetInt64(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetString(4), reader.GetString(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)), reader.GetString(7), reader.GetString(8));
            found[tombstone.Id] = tombstone;
        }
        return found;
    }
}
