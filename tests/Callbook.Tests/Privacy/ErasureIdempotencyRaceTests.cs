using System.Net;
using System.Text;
using Callbook.Api.Contacts;
using Callbook.Stores;

namespace Callbook.Tests.Privacy;

/// <summary>
/// An idempotent request still running when its contact is erased must not store its answer (which
/// names the person) after the erasure replaced the stored ones: whichever commits first, the
/// stored answer ends up the 410, and an answer naming no erased contact is kept as it was.
/// </summary>
public sealed class ErasureIdempotencyRaceTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(10);

    [Theory, BothBackends]
    public async Task AnAnswerStoredAfterTheErasureIsTheErasedAnswer(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var store = factory.Database.Idempotency;
        var ct = TestContext.Current.CancellationToken;
        var id = (await api.CreateAsync("Hieronyma", "Inflight", "9812345610")).Str("id");
        var keeper = (await api.CreateAsync("Keeper", "Ofrecords", "9812345611")).Str("id");

        var running = await ClaimAsync(store, api, "in-flight");
        var unrelated = await ClaimAsync(store, api, "unrelated");
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"contacts/{id}/erase", "")).StatusCode);
        await store.CompleteAsync(running, Answer(id, "Hieronyma"), EraseContact.ErasedAnswer, ct);
        await store.CompleteAsync(unrelated, Answer(keeper, "Keeper"), EraseContact.ErasedAnswer, ct);

        var stored = await StoredAsync(store, running);
        Assert.Equal(410, stored.Status);
        Assert.DoesNotContain("Hieronyma", Encoding.UTF8.GetString(stored.Body), StringComparison.Ordinal);
        Assert.Contains("CONTACT_ERASED", Encoding.UTF8.GetString(stored.Body), StringComparison.Ordinal);
        Assert.Equal(Answer(keeper, "Keeper").Body, (await StoredAsync(store, unrelated)).Body);
    }

    [Theory, BothBackends]
    public async Task AnErasureRacingTheAnswersStoreNeverLeavesThePersonStored(string backend)
    {
        var factory = TestServers.For(backend);
        var api = await factory.NewTenantAsync();
        var store = factory.Database.Idempotency;
        var ct = TestContext.Current.CancellationToken;
        for (var round = 0; round < 12; round++)
        {
            var name = $"Racer{round:00}";
            var id = (await api.CreateAsync(name, "Inflight", $"98123457{round:00}")).Str("id");
            var key = await ClaimAsync(store, api, "race-" + round);
            await Task.WhenAll(
                Task.Run(() => store.CompleteAsync(key, Answer(id, name), EraseContact.ErasedAnswer, ct), ct),
                Task.Run(() => api.PostAsync($"contacts/{id}/erase", ""), ct));
            var stored = await StoredAsync(store, key);
            Assert.True(stored.Status == 410, $"round {round}: the stored answer is a {stored.Status}: {Encoding.UTF8.GetString(stored.Body)}");
            Assert.DoesNotContain(name, Encoding.UTF8.GetString(stored.Body), StringComparison.Ordinal);
        }
    }

    private static async Task<IdempotencyKey> ClaimAsync(IIdempotencyStore store, TenantClient api, string name)
    {
        var key = new IdempotencyKey(api.Setup.ClientId, api.StreamId, name + "-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(ClaimState.Claimed, (await store.ClaimAsync(key, [1, 2, 3], Retention, Stale, TestContext.Current.CancellationToken)).State);
        return key;
    }

    private static async Task<IdempotentAnswer> StoredAsync(IIdempotencyStore store, IdempotencyKey key)
    {
        var claim = await store.ClaimAsync(key, [1, 2, 3], Retention, Stale, TestContext.Current.CancellationToken);
        Assert.Equal(ClaimState.Completed, claim.State);
        return claim.Answer!;
    }

    /// <summary>What a create answers: the contact with its id and name.</summary>
    private static IdempotentAnswer Answer(string id, string firstName) =>
        new(201, "application/json", Encoding.UTF8.GetBytes($$"""[{"id":"{{id}}","firstName":"{{firstName}}","lastName":"Inflight"}]"""));
}
