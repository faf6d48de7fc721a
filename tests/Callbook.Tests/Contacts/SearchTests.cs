using System.Net;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Contacts;

public sealed class SearchTests
{
    [Theory, BothBackends]
    public async Task PrefixOfFirstLastOrFullNameIgnoringCase(string backend)
    {
        var api = await SeedAsync(backend);
        Assert.Equal(["Élodie Dupont", "Eloise Martin"], await NamesAsync(api, "q=el"));
        Assert.Equal(["Élodie Dupont", "Eloise Martin"], await NamesAsync(api, "q=%C3%A9LO"));   // "éLO": accents do not matter
        Assert.Equal(["Élodie Dupont"], await NamesAsync(api, "q=E%CC%81lod"));                  // e + combining acute
        Assert.Equal(["Élodie Dupont"], await NamesAsync(api, "q=dup"));
        Assert.Equal(["Élodie Dupont"], await NamesAsync(api, "q=%C3%A9lodie%20du"));    // full name prefix
        Assert.Equal(["Jürgen Straße"], await NamesAsync(api, "q=STRA"));
        Assert.Equal(["Jürgen Straße"], await NamesAsync(api, "q=stra%C3%9Fe"));          // "straße"
        Assert.Equal(["Jürgen Straße"], await NamesAsync(api, "q=strasse"));
        Assert.Equal(["Jürgen Straße"], await NamesAsync(api, "q=jurg"));
        Assert.Equal(["Дмитрий Иванов"], await NamesAsync(api, "q=%D0%B4%D0%BC%D0%B8"));   // "дми"
        Assert.Equal(["Дмитрий Иванов"], await NamesAsync(api, "q=%D0%98%D0%92%D0%90"));   // "ИВА"
        Assert.Equal(["山田 太郎"], await NamesAsync(api, "q=%E5%B1%B1%E7%94%B0"));          // "山田"
        Assert.Equal(["山田 太郎"], await NamesAsync(api, "q=%E5%A4%AA"));                  // "太"
        Assert.Empty(await NamesAsync(api, "q=zzz"));
        Assert.Empty(await NamesAsync(api, "q=odie"));                                      // not a prefix
    }

    [Theory, BothBackends]
    public async Task SearchCombinesWithStatusPagingAndCursors(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var body = new JsonArray([.. Enumerable.Range(0, 25).Select(i => (JsonNode)Bodies.Contact("Ann" + i, i % 2 == 0 ? "Even" : "Odd", (7100000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "+1"))]);
        var created = await Bodies.ReadAsync(await api.PostAsync("contacts", body.ToJsonString()), HttpStatusCode.Created);
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + created[0].Str("id")), HttpStatusCode.OK);

        var page = await Bodies.ReadAsync(await api.GetAsync("contacts?q=even&limit=5"), HttpStatusCode.OK);
        Assert.Equal(12, page.GetProperty("totalResults").GetInt32());
        Assert.Equal(3, page.GetProperty("totalPages").GetInt32());
        var seen = page.GetProperty("results").EnumerateArray().Select(c => c.Str("firstName")).ToList();
        var cursor = page.Str("nextCursor");
        while (true)
        {
            var next = await Bodies.ReadAsync(await api.GetAsync("contacts?q=even&limit=5&cursor=" + cursor), HttpStatusCode.OK);
            seen.AddRange(next.GetProperty("results").EnumerateArray().Select(c => c.Str("firstName")));
            if (!next.GetProperty("hasMore").GetBoolean())
            {
                break;
            }
            cursor = next.Str("nextCursor");
        }
        Assert.Equal(Enumerable.Range(1, 12).Select(i => "Ann" + (i * 2)), seen);
        Assert.Equal(["Ann0"], await NamesAsync(api, "q=ann0&status=INACTIVE", first: true));
        Assert.Equal(13, (await Bodies.ReadAsync(await api.GetAsync("contacts?q=even&status=ALL"), HttpStatusCode.OK)).GetProperty("totalResults").GetInt32());
        Assert.Equal("q", Assert.Single(await Bodies.ErrorsAsync(await api.GetAsync("contacts?q=" + new string('a', 101)), HttpStatusCode.BadRequest)).Str("field"));
        Assert.Equal("q", Assert.Single(await Bodies.ErrorsAsync(await api.GetAsync("contacts?q=%20%20"), HttpStatusCode.BadRequest)).Str("field"));
    }

    private static async Task<TenantClient> SeedAsync(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        await api.CreateAsync("Élodie", "Dupont", "1000101", "+33");
        await api.CreateAsync("Eloise", "Martin", "1000102", "+33");
        await api.CreateAsync("Jürgen", "Straße", "1000103", "+49");
        await api.CreateAsync("Дмитрий", "Иванов", "1000104", "+7");
        await api.CreateAsync("山田", "太郎", "1000105", "+81");
        await api.CreateAsync("Bob", "Lee", "1000106", "+1");
        return api;
    }

    private static async Task<List<string>> NamesAsync(TenantClient api, string query, bool first = false)
    {
        var page = await Bodies.ReadAsync(await api.GetAsync("contacts?" + query), HttpStatusCode.OK);
        var names = page.GetProperty("results").EnumerateArray().Select(c => first ? c.Str("firstName") : c.Str("fullName")).ToList();
        Assert.Equal(names.Count, page.GetProperty("totalResults").GetInt32());
        return names;
    }
}
