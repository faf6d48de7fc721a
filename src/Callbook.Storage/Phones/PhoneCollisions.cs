using System.Data.Common;
using Callbook.Phones;
using Callbook.Stores;

namespace Callbook.Storage.Phones;

/// <summary>
/// What <c>callbook phones check</c> lists: active contacts whose stored number is not in canonical
/// form because another active contact of the same stream holds that form (the pairs the upgrade
/// left alone). Reads only; one SQL text for both stores.
/// </summary>
internal static class PhoneCollisions
{
    public static async Task<IReadOnlyList<PhoneCollision>> FindAsync(Func<string, DbCommand> command, CancellationToken cancellationToken)
    {
        // Collected first, looked up after: PostgreSQL runs one reader per connection.
        var stale = new List<(string Id, string StreamId, string Canonical)>();
        await using (var select = command("SELECT id, stream_id, phone_number, phone_country_code FROM contacts WHERE status = 'ACTIVE' ORDER BY stream_id, id"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var number = reader.GetString(2);
                if (CanonicalPhone.Recanonicalize(reader.GetString(3), number) is { } canonical && canonical != number)
                {
                    stale.Add((reader.GetString(0), reader.GetString(1), canonical));
                }
            }
        }
        var pairs = new List<PhoneCollision>();
        foreach (var (id, streamId, canonical) in stale)
        {
            if (await PhoneUpgrade.HolderAsync(command, streamId, canonical, cancellationToken) is { } holder && holder != id)
            {
                pairs.Add(new PhoneCollision(streamId, holder, id));
            }
        }
        return pairs;
    }
}
