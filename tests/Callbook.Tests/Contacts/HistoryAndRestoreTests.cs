using System.Net;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Tests.Contacts;

public sealed class HistoryAndRestoreTests
{
    [Theory, BothBackends]
    public async Task HistoryListsEveryChangeWithWhoWhenAndBeforeAfter(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var created = await api.CreateAsync("john", "doe", "6700001");
        var id = created.Str("id");
        await Bodies.ReadAsync(await api.PutAsync("contacts/" + id, Bodies.Contact("johnny", "doe", "6700002").ToJsonString()), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + id), HttpStatusCode.OK);
        var restored = await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Post, $"contacts/{id}/restore"), HttpStatusCode.OK);
        Assert.Equal("ACTIVE", restored.Str("status"));

        var body = await Bodies.ReadAsync(await api.GetAsync($"contacts/{id}/history"), HttpStatusCode.OK);

        Assert.Equal(["id", "history"], Bodies.Keys(body));
        var history = body.GetProperty("history").EnumerateArray().ToArray();
        Assert.Equal(["created", "updated", "deleted", "restored"], history.Select(h => h.Str("operation")));
        Assert.All(history, h => Assert.Equal(["operation", "at", "by", "byAId", "byName", "changes"], Bodies.Keys(h)));
        Assert.All(history, h => Assert.Equal("test", h.Str("byName")));   // the app's name
        Assert.All(history, h => Assert.Equal(api.Setup.UserId, h.Str("by")));
        Assert.All(history, h => Assert.Equal(api.Setup.ActorId, h.Str("byAId")));
        Assert.Equal(created.Str("createdAt"), history[0].Str("at"));
        var createdChanges = history[0].GetProperty("changes").EnumerateArray().ToDictionary(c => c.Str("field"), c => c.GetProperty("after").ToString());
        Assert.Equal("john", createdChanges["firstName"]);
        Assert.Equal("+916700001", createdChanges["cellPhone.phoneNumber"]);
        Assert.Equal("ACTIVE", createdChanges["status"]);
        Assert.Equal(
            """[{"field":"firstName","before":"john","after":"johnny"},{"field":"cellPhone.phoneNumber","before":"+916700001","after":"+916700002"}]""",
            history[1].GetProperty("changes").GetRawText());
        Assert.Equal("""[{"field":"status","before":"ACTIVE","after":"INACTIVE"}]""", history[2].GetProperty("changes").GetRawText());
        Assert.Equal("""[{"field":"status","before":"INACTIVE","after":"ACTIVE"}]""", history[3].GetProperty("changes").GetRawText());
        Assert.Equal(restored.Str("updatedAt"), history[3].Str("at"));

        var other = await factory.NewTenantAsync();
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await other.GetAsync($"contacts/{id}/history"), HttpStatusCode.NotFound));
        Assert.Equal("INVALID_ID", await Bodies.SingleErrorCodeAsync(await api.GetAsync("contacts/xyz/history"), HttpStatusCode.BadRequest));
    }

    [Theory, BothBackends]
    public async Task HistoryNamesTheAppOrTheConsoleUserBesideTheirIds(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var ct = TestContext.Current.CancellationToken;
        var crm = await factory.Database.Tenancy.CreateAppAsync(new NewApp(api.AccountId, "CRM sync", Secrets.NewClientSecret(), false, false, [api.StreamId]), ct);
        var email = $"ann-{Guid.NewGuid():N}@example.com";
        var ann = (await factory.Database.ConsoleUsers.CreateUserAsync(email, "not-a-hash", ct))!;
        var id = (await api.CreateAsync("john", "doe", "6700101")).Str("id");
        var crmClient = new TenantClient(factory.CreateClient(), api.Setup with { ClientId = crm.ClientId, ClientSecret = crm.Secret, ActorId = crm.ActorId, UserId = crm.UserId });
        await Bodies.ReadAsync(await crmClient.PutAsync("contacts/" + id, Bodies.Contact("johnny", "doe", "6700101").ToJsonString()), HttpStatusCode.OK);
        var scope = new StreamScope(api.StreamId, api.AccountId, api.Setup.OrgId);
        Assert.Equal(WriteOutcome.Done, (await factory.Database.Contacts.DeleteContactAsync(scope, ConsoleActor.For(ann.Id), id, null, ct)).Outcome);

        var history = (await Bodies.ReadAsync(await api.GetAsync($"contacts/{id}/history"), HttpStatusCode.OK)).GetProperty("history").EnumerateArray().ToArray();

        Assert.Equal([api.Setup.ActorId, crm.ActorId, ConsoleActor.AppActorId], history.Select(h => h.Str("byAId")));
        Assert.Equal([api.Setup.UserId, crm.UserId, ann.Id], history.Select(h => h.Str("by")));
        Assert.Equal(["test", "CRM sync", email], history.Select(h => h.Str("byName")));
    }

    [Theory, BothBackends]
    public async Task RestoreIs409WhenTheNumberWasTakenMeanwhile(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var first = await api.CreateAsync("first", "holder", "6800001");
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + first.Str("id")), HttpStatusCode.OK);
        var second = await api.CreateAsync("second", "holder", "6800001");

        var error = Assert.Single(await Bodies.ErrorsAsync(await api.SendAsync(HttpMethod.Post, $"contacts/{first.Str("id")}/restore"), HttpStatusCode.Conflict));
        Assert.Equal("PHONE_IN_USE", error.Str("code"));
        Assert.Equal(second.Str("id"), error.Str("contactId"));
        Assert.Equal("INACTIVE", (await Bodies.ReadAsync(await api.GetAsync("contacts/" + first.Str("id")), HttpStatusCode.OK)).Str("status"));

        // Restoring an active contact changes nothing; unknown and foreign ids are 404.
        var same = await Bodies.ReadAsync(await api.SendAsync(HttpMethod.Post, $"contacts/{second.Str("id")}/restore"), HttpStatusCode.OK);
        Assert.Equal(second.GetRawText(), same.GetRawText());
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await api.SendAsync(HttpMethod.Post, "contacts/0123456789abcdef01234567/restore"), HttpStatusCode.NotFound));
        var other = await factory.NewTenantAsync();
        Assert.Equal("NOT_FOUND", await Bodies.SingleErrorCodeAsync(await other.SendAsync(HttpMethod.Post, $"contacts/{first.Str("id")}/restore"), HttpStatusCode.NotFound));
    }
}
