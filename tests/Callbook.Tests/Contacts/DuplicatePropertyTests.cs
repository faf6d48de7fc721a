using System.Net;

namespace Callbook.Tests.Contacts;

/// <summary>
/// A JSON body that names a property twice, at any depth, is malformed: a 400 that says so, and
/// nothing stored (an update whose address held a duplicate was a 500: the history diff could not compare it).
/// </summary>
public sealed class DuplicatePropertyTests
{
    [Theory, BothBackends]
    public async Task APropertyNamedTwiceAnywhereIsRefusedAndStoresNothing(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var id = (await api.CreateAsync("dup", "target", "992000001")).Str("id");
        var before = await Observed.SnapshotAsync(api);
        const string phone = "'cellPhone':{'extension':'+','phoneNumber':'992000002','countryCode':'+91'}";
        var bodies = new[]
        {
            "{'firstName':'a','firstName':'b','lastName':'c','salutation':'mr'," + phone + "}",
            "{'firstName':'a','lastName':'c','salutation':'mr','cellPhone':{'extension':'+','phoneNumber':'992000002','phoneNumber':'992000003','countryCode':'+91'}}",
            "{'firstName':'a','lastName':'c','salutation':'mr'," + phone + ",'address':[{'city':'Pune','city':'Goa'}]}",
            "{'firstName':'a','lastName':'c','salutation':'mr'," + phone + ",'twitterDetails':[{'a':{'b':1,'b':2}}]}",
        }.Select(b => b.Replace('\'', '"'));
        foreach (var body in bodies)
        {
            foreach (var (name, send) in new (string, Func<Task<HttpResponseMessage>>)[]
            {
                ("create", () => api.PostAsync("contacts", body)),
                ("update", () => api.PutAsync("contacts/" + id, body)),
                ("bulk update", () => api.PutAsync("contacts/bulk-update", "[{\"id\":\"" + id + "\"," + body[1..] + "]")),
            })
            {
                var error = Assert.Single(await Bodies.ErrorsAsync(await send(), HttpStatusCode.BadRequest));
                Assert.True(error.Str("code") == "MALFORMED_JSON" && error.Str("msg").Contains("duplicate", StringComparison.OrdinalIgnoreCase), $"{name} {body}: {error}");
            }
        }
        Assert.Equal("MALFORMED_JSON", await Bodies.SingleErrorCodeAsync(await api.DeleteAsync("contacts/bulk-delete", $$"""{"ids":["{{id}}"],"ids":[]}"""), HttpStatusCode.BadRequest));
        Assert.Equal(before, await Observed.SnapshotAsync(api));
        await Bodies.ReadAsync(await api.PutAsync("contacts/" + id, Bodies.Contact("dup", "updated", "992000001").ToJsonString()), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.GetAsync($"contacts/{id}/history"), HttpStatusCode.OK);
    }
}
