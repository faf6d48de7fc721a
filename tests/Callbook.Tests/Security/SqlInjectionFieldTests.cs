using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Callbook.Contacts;

namespace Callbook.Tests.Security;

/// <summary>
/// SQL-injection-shaped text in every string field of a contact (JSON and CSV) is stored exactly as
/// sent or refused with a 400, and the book keeps working: counts, search, export and import agree.
/// </summary>
public sealed class SqlInjectionFieldTests
{
    private static readonly (string Field, int Max)[] TextFields =
    [
        ("firstName", ContactRules.MaxNameLength), ("lastName", ContactRules.MaxNameLength),
        ("salutation", ContactRules.MaxSalutationLength), ("extension", ContactRules.MaxExtensionLength),
    ];

    [Theory, BothBackends]
    public async Task EveryStringFieldStoresInjectionTextAsDataOrRefusesIt(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var phone = 970_000_000;
        var created = new List<string>();
        foreach (var payload in InjectionPayloads.All.Concat(InjectionPayloads.WithNul))
        {
            foreach (var (field, max) in TextFields)
            {
                var body = Bodies.Contact("plain", "name", (++phone).ToString(CultureInfo.InvariantCulture));
                var target = field == "extension" ? body["cellPhone"]!.AsObject() : body;
                target[field] = payload;
                body["address"] = new JsonArray(new JsonObject { ["street"] = payload, [payload] = payload, ["n"] = 1 });
                var response = await api.PostAsync("contacts", body.ToJsonString());
                var context = $"{field} = {JsonSerializer.Serialize(payload)}";
                if (payload.Length > max || payload.Any(char.IsControl))
                {
                    var error = Assert.Single(await Bodies.ErrorsAsync(response, HttpStatusCode.BadRequest));
                    Assert.True(error.Str("code") == "INVALID_FIELD" && error.Str("field").EndsWith(field, StringComparison.Ordinal), context + ": " + error);
                    continue;
                }
                var id = (await Bodies.ReadAsync(response, HttpStatusCode.Created))[0].Str("id");
                created.Add(id);
                var stored = await Bodies.ReadAsync(await api.GetAsync("contacts/" + id), HttpStatusCode.OK);
                var actual = field == "extension" ? stored.GetProperty("cellPhone").Str(field) : stored.Str(field);
                Assert.True(payload == actual, $"{context}: stored as {JsonSerializer.Serialize(actual)}");
                Assert.True(JsonNode.DeepEquals(body["address"], JsonNode.Parse(stored.GetProperty("address").GetRawText())), $"{context}: address {stored.GetProperty("address")}");
            }
        }
        Assert.Equal(created.Count, await api.CountAsync());
        Assert.True(created.Count > 80, $"only {created.Count} of the payloads were valid input");
        foreach (var payload in InjectionPayloads.All)
        {
            await AssertSearchFindsExactlyTheNamesStartingWithAsync(api, payload);
        }
        await AssertExportImportsUnchangedAsync(api, backend);
    }

    [Theory, BothBackends]
    public async Task ImportedInjectionTextIsStoredAsDataOrReportedByRow(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var csv = new StringBuilder("firstName,lastName,salutation,cellPhoneNumber,cellPhoneCountryCode,cellPhoneExtension\r\n");
        var rows = new List<string[]>();
        var phone = 971_000_000;
        foreach (var payload in InjectionPayloads.All.Concat(InjectionPayloads.WithNul))
        {
            string[] row = [payload, payload, payload.Length <= ContactRules.MaxSalutationLength ? payload : "mr", (++phone).ToString(CultureInfo.InvariantCulture), "+91", payload.Length <= ContactRules.MaxExtensionLength ? payload : "+"];
            rows.Add(row);
            csv.AppendJoin(',', row.Select(Quote)).Append("\r\n");
            rows.Add(["ok", "row", "mr", payload, "+91", "+"]);
            csv.AppendJoin(',', rows[^1].Select(Quote)).Append("\r\n");
        }
        var summary = await Bodies.ReadAsync(await api.ImportAsync(csv.ToString(), "?partial=true"), HttpStatusCode.Created);
        var expectedGood = rows.Where(r => !r[0].Any(char.IsControl) && r[3].All(char.IsAsciiDigit)).ToList();
        Assert.Equal(rows.Count, summary.GetProperty("totalRows").GetInt32());
        Assert.Equal(expectedGood.Count, summary.GetProperty("imported").GetInt32());
        foreach (var error in summary.GetProperty("errors").EnumerateArray())
        {
            var bad = rows[error.GetProperty("row").GetInt32() - 1];
            Assert.DoesNotContain(bad, expectedGood);
        }
        var contacts = summary.GetProperty("contacts").EnumerateArray().ToList();
        Assert.Equal(expectedGood.Count, contacts.Count);
        foreach (var (row, contact) in expectedGood.Zip(contacts))
        {
            var stored = await Bodies.ReadAsync(await api.GetAsync("contacts/" + contact.Str("id")), HttpStatusCode.OK);
            // A leading ' before a formula character or another ' is a spreadsheet's text mark (the one the
            // export writes), so import drops it, as Excel and LibreOffice do; everything else is stored as sent.
            Assert.Equal(string.Join("|", row[..3].Select(Callbook.Import.SpreadsheetCells.Unprotect)), string.Join("|", stored.Str("firstName"), stored.Str("lastName"), stored.Str("salutation")));
            Assert.Equal(Callbook.Import.SpreadsheetCells.UnprotectPhone(row[5]), stored.GetProperty("cellPhone").Str("extension"));
        }
        Assert.Equal(expectedGood.Count, await api.CountAsync());
    }

    /// <summary>q is a prefix, never a pattern: every hit starts with it (folded as the service folds names), and every stored name that does is a hit.</summary>
    private static async Task AssertSearchFindsExactlyTheNamesStartingWithAsync(TenantClient api, string q)
    {
        var key = ContactSearch.Key(q.Trim());
        var expected = (await Observed.ListAllAsync(api, "status=ALL")).Where(c => Matches(c, key)).Select(c => c.Str("id")).ToList();
        var found = (await Observed.ListAllAsync(api, "status=ALL&q=" + Uri.EscapeDataString(q))).Select(c => c.Str("id")).ToList();
        Assert.True(expected.SequenceEqual(found), $"q={q}: expected {expected.Count} contacts, found {found.Count}");
        Assert.NotEmpty(found);
    }

    private static bool Matches(JsonElement contact, string key) =>
        new[] { contact.Str("firstName"), contact.Str("lastName"), contact.Str("fullName") }.Any(name => ContactSearch.Key(name).StartsWith(key, StringComparison.Ordinal));

    /// <summary>Export, then import into an empty stream: the same names, salutations and extensions, byte for byte.</summary>
    private static async Task AssertExportImportsUnchangedAsync(TenantClient api, string backend)
    {
        var export = await api.GetAsync("contacts/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var copy = await TestServers.TenantAsync(backend);
        var imported = await Bodies.ReadAsync(await copy.ImportAsync(await export.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)), HttpStatusCode.Created);
        var original = await Observed.ListAllAsync(api, "status=ACTIVE");
        static string Fields(JsonElement c) => string.Join('|', c.Str("firstName"), c.Str("lastName"), c.Str("salutation"), c.GetProperty("cellPhone").Str("extension"), c.GetProperty("cellPhone").Str("phoneNumber"));
        Assert.Equal(original.Select(Fields), imported.EnumerateArray().Select(Fields));
    }

    private static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
