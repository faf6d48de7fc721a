using Callbook.Storage;
using Callbook.Storage.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace Callbook.Tests.Contacts;

/// <summary>
/// The SQLite plans of the write path's per-number lookups: each must probe the partial unique
/// index of active numbers, never walk a stream's contacts. A walk is correct, so only the plan
/// shows it (a bulk update of 1,000 on a 200,000-contact stream ran three times slower).
/// </summary>
public sealed class SqliteQueryPlanTests
{
    public static TheoryData<string, string> NumberLookups => new()
    {
        { "holders of a batch's numbers", BatchChanges.SelectHoldersSql },
        { "the holder of one number", ContactRows.SelectActiveHolder },
    };

    [Theory, MemberData(nameof(NumberLookups))]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "The store's own constant SQL, explained; its values are parameters.")]
    public async Task NumberLookupsProbeTheIndexOfActiveNumbers(string lookup, string sql)
    {
        var ct = TestContext.Current.CancellationToken;
        var location = TestDatabases.Create(Backends.Sqlite);
        await using (var database = CallbookDatabases.Open(location, TimeProvider.System))
        {
            await database.MigrateAsync(ct);
        }
        await using var connection = new SqliteConnection($"Data Source={location["sqlite:".Length..]};Pooling=False");
        await connection.OpenAsync(ct);
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in new[] { ("$stream", "st-x"), ("$phone", "+13175550100"), ("$phones", "[\"+13175550100\"]") })
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                explain.Parameters.AddWithValue(name, value);
            }
        }
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                plan.Add(reader.GetString(3));
            }
        }
        var contacts = Assert.Single(plan, step => step.Contains("contacts", StringComparison.Ordinal) && !step.Contains("json_each", StringComparison.Ordinal));
        Assert.True(contacts == "SEARCH contacts USING INDEX contacts_active_phone (stream_id=? AND phone_number=?)", $"{lookup}: {string.Join(" | ", plan)}");
    }
}
