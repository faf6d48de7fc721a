using System.Data.Common;
using Callbook.Storage;
using Callbook.Stores;
using Microsoft.Data.Sqlite;

namespace Callbook.Tests.Phones;

/// <summary>
/// The start-up upgrade of issue 11 item 6 on a database made with the previous schema (migrations
/// 0001–0005, applied from the embedded files) holding numbers as earlier versions stored them.
/// </summary>
public sealed class PhoneUpgradeTests
{
    private const string Stream = "s0000000000000000000000a";

    [Theory, BothBackends]
    public async Task EarlierNumbersBecomeCanonicalWithHistoryAndCollisionsAreLeftAndListed(string backend)
    {
        var ct = TestContext.Current.CancellationToken;
        var location = TestDatabases.Create(backend);
        await using (var old = await PreviousSchemaAsync(backend, location, ct))
        {
            await InsertAsync(old, "000000000000000000000001", "+4407700900123", "+44", "ACTIVE", ct);     // national with trunk 0
            await InsertAsync(old, "000000000000000000000002", "+353353871234567", "+353", "INACTIVE", ct); // country code repeated
            await InsertAsync(old, "000000000000000000000003", "+4407700900555", "+44", "ACTIVE", ct);     // collides with …04
            await InsertAsync(old, "000000000000000000000004", "+447700900555", "+44", "ACTIVE", ct);
            await InsertAsync(old, "000000000000000000000005", "+9124456712345", "+91", "ACTIVE", ct);     // the vendor's placeholder
        }

        await using var database = CallbookDatabases.Open(location, TimeProvider.System);
        await database.MigrateAsync(ct);

        var scope = new Callbook.Tenancy.StreamScope(Stream, "acc", "org");
        async Task<(string Number, long Version)> ReadAsync(string id)
        {
            var contact = await database.Contacts.FindContactAsync(scope, id, ct);
            return (contact!.Fields.CellPhone.PhoneNumber, contact.Version);
        }
        Assert.Equal(("+447700900123", 2L), await ReadAsync("000000000000000000000001"));
        Assert.Equal(("+353871234567", 2L), await ReadAsync("000000000000000000000002"));
        Assert.Equal(("+4407700900555", 1L), await ReadAsync("000000000000000000000003"));
        Assert.Equal(("+447700900555", 1L), await ReadAsync("000000000000000000000004"));
        Assert.Equal(("+9124456712345", 1L), await ReadAsync("000000000000000000000005"));

        var history = Assert.Single(await database.Contacts.GetHistoryAsync(scope, "000000000000000000000001", ct) ?? []);
        Assert.Equal("updated", history.Operation);
        Assert.Equal("""[{"field":"cellPhone.phoneNumber","before":"+4407700900123","after":"+447700900123"}]""", history.ChangesJson);
        Assert.Empty(await database.Contacts.GetHistoryAsync(scope, "000000000000000000000004", ct) ?? []);

        Assert.Equal([new PhoneCollision(Stream, "000000000000000000000004", "000000000000000000000003")], await database.FindPhoneCollisionsAsync(ct));

        // A second start finds the upgrade done and changes nothing.
        await database.MigrateAsync(ct);
        Assert.Equal(("+447700900123", 2L), await ReadAsync("000000000000000000000001"));
    }

    [Fact]
    public async Task AnInterruptedUpgradeResumesWhereItStoppedAndPhonesCheckListsThePairs()
    {
        var ct = TestContext.Current.CancellationToken;
        var location = TestDatabases.Create(Backends.Sqlite);
        await using (var old = await PreviousSchemaAsync(Backends.Sqlite, location, ct))
        {
            for (var i = 1; i <= 1200; i++)
            {
                await InsertAsync(old, i.ToString("D24", System.Globalization.CultureInfo.InvariantCulture), "+440" + (7700000000 + i), "+44", "ACTIVE", ct);
            }
            await InsertAsync(old, "000000000000000000009998", "+4407700900555", "+44", "ACTIVE", ct);
            await InsertAsync(old, "000000000000000000009999", "+447700900555", "+44", "ACTIVE", ct);
            // What a run killed after its first two batches leaves: those batches committed with their position.
            await PreviousSchema.ApplyAsync(old, "Sqlite", 6, ct);
            await PreviousSchema.ExecAsync(old, "UPDATE contacts SET phone_number = '+44' || substr(phone_number, 5), version = 2 WHERE id <= '000000000000000000001000'", ct);
            await PreviousSchema.ExecAsync(old, "UPDATE data_upgrades SET after_id = '000000000000000000001000', changed = 1000", ct);
        }

        var (code, stdout, stderr) = await CallbookProcess.RunAsync("phones", "check", "--db", location);
        Assert.Equal(1, code);
        Assert.Equal($"stream {Stream}  canonical holder 000000000000000000009999  earlier form 000000000000000000009998", stdout.Trim());
        Assert.Contains("1 line(s) held by two active contacts", stderr, StringComparison.Ordinal);

        await using var database = CallbookDatabases.Open(location, TimeProvider.System);
        var scope = new Callbook.Tenancy.StreamScope(Stream, "acc", "org");
        foreach (var id in new[] { 1, 1000, 1001, 1200 })
        {
            var contact = await database.Contacts.FindContactAsync(scope, id.ToString("D24", System.Globalization.CultureInfo.InvariantCulture), ct);
            Assert.Equal("+44" + (7700000000 + id), contact!.Fields.CellPhone.PhoneNumber);
            Assert.Equal(2, contact.Version);
        }
        await using var check = new SqliteConnection("Data Source=" + location["sqlite:".Length..]);
        await check.OpenAsync(ct);
        await using var upgrade = check.CreateCommand();
        upgrade.CommandText = "SELECT changed, kept, finished_at IS NOT NULL FROM data_upgrades";
        await using var reader = await upgrade.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        Assert.Equal((1200L, 1L, true), (reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2)));
    }

    /// <summary>A database at migration 0005 with one org, account and stream, as the previous release left it.</summary>
    private static Task<DbConnection> PreviousSchemaAsync(string backend, string location, CancellationToken ct) =>
        PreviousSchema.OpenAsync(backend, location, 5, ct, Stream);

    private static Task InsertAsync(DbConnection connection, string id, string number, string countryCode, string status, CancellationToken ct) =>
        PreviousSchema.InsertContactAsync(connection, Stream, id, number, countryCode, status, ct);
}
