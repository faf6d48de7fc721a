using System.Net;
using FsCheck;
using FsCheck.Fluent;

namespace Callbook.Tests.Contacts;

/// <summary>
/// Random contact inputs through the API (create and update): never a 5xx, every 4xx in the
/// {"errors":[…]} shape, and a rejected request leaves the tenant's stored contacts exactly as they were.
/// </summary>
public sealed class ContactInputProperties
{
    private static readonly Config Runs = PropertyRuns.Quick(150);

    [Theory, BothBackends]
    public async Task RandomCreateBodiesAreAnsweredCleanlyAndRejectionsStoreNothing(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var body = Gen.Frequency(
            (3, Generators.ContactInput()),
            (2, Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Generators.ContactInput(), n)).Select(items => "[" + string.Join(",", items) + "]")),
            (1, Generators.AnyJson()));
        await CheckAsync(api, body, json => api.PostAsync("contacts", json), HttpStatusCode.Created);
    }

    [Theory, BothBackends]
    public async Task RandomUpdateBodiesAreAnsweredCleanlyAndRejectionsChangeNothing(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var id = (await api.CreateAsync("prop", "target", "700100200")).Str("id");
        await api.CreateAsync("phone", "holder", "700100201");
        var body = Gen.Frequency((5, Generators.ContactInput()), (1, Generators.AnyJson()));
        await CheckAsync(api, body, json => api.PutAsync("contacts/" + id, json), HttpStatusCode.OK);
    }

    /// <summary>
    /// Runs the property on a worker thread (FsCheck properties are synchronous; the in-memory
    /// server needs no synchronisation context), carrying the last snapshot from case to case.
    /// </summary>
    private static async Task CheckAsync(TenantClient api, Gen<string> bodies, Func<string, Task<HttpResponseMessage>> send, HttpStatusCode success)
    {
        var snapshot = await Observed.SnapshotAsync(api);
        var accepted = 0;
        var rejected = 0;
        await Task.Run(() => Check.One(Runs, Prop.ForAll(bodies.ToArbitrary(), json =>
        {
            var answer = Observed.SendAsync(() => send(json)).GetAwaiter().GetResult();
            Observed.AssertWellFormed(answer, "body: " + json);
            var after = Observed.SnapshotAsync(api).GetAwaiter().GetResult();
            if (answer.Code >= 400)
            {
                rejected++;
                Assert.True(snapshot == after, $"a rejected request changed the stored contacts\nbody: {json}\n→ {answer}");
            }
            else
            {
                accepted++;
                Assert.True(answer.Status == success, $"body: {json}\n→ {answer}");
                snapshot = after;
            }
        })), TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"accepted {accepted}, rejected {rejected}");
        // The generators must reach both sides of validation, or the property proves little.
        Assert.True(accepted > 5 && rejected > 5, $"accepted {accepted}, rejected {rejected}");
    }
}
