using Callbook.Storage;
using Callbook.Stores;

namespace Callbook.Tests.Console;

/// <summary>The console user store on every backend: grants decide the visible streams, failures lock.</summary>
public sealed class ConsoleUserStoreTests
{
    [Theory, BothBackends]
    public async Task AGrantOnAnAccountOrOneStreamDecidesWhatTheUserSees(string backend)
    {
        await using var database = await OpenAsync(backend);
        var ct = TestContext.Current.CancellationToken;
        var a = await database.Tenancy.CreateTenantAsync("A", ct);
        var b = await database.Tenancy.CreateTenantAsync("B", ct);
        var bSecond = await database.Tenancy.CreateStreamAsync(b.AccountId, "B2", null, ct);
        var users = database.ConsoleUsers;
        var ann = await users.CreateUserAsync("Ann@Example.com", "hash", ct);
        Assert.NotNull(ann);
        Assert.Null(await users.CreateUserAsync("ann@example.com", "other", ct));
        Assert.Equal(ann.Id, (await users.FindUserByEmailAsync("ANN@example.com", ct))?.Id);
        Assert.Empty(await users.ListStreamsAsync(ann.Id, ct));

        Assert.True(await users.GrantAsync(ann.Id, a.AccountId, null, ct));
        Assert.True(await users.GrantAsync(ann.Id, a.AccountId, null, ct));
        Assert.True(await users.GrantAsync(ann.Id, b.AccountId, bSecond.StreamId, ct));
        Assert.False(await users.GrantAsync(ann.Id, a.AccountId, b.StreamId, ct));
        Assert.False(await users.GrantAsync(ann.Id, "000000000000000000000000", null, ct));

        var visible = (await users.ListStreamsAsync(ann.Id, ct)).Select(s => s.StreamId).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { a.StreamId, bSecond.StreamId }.Order(StringComparer.Ordinal), visible);
        Assert.Equal(a.OrgId, (await users.FindStreamAsync(ann.Id, a.StreamId, ct))?.OrgId);
        Assert.Null(await users.FindStreamAsync(ann.Id, b.StreamId, ct));
        Assert.Equal(2, (await users.ListGrantsAsync(ann.Id, ct)).Count);
    }

    [Theory, BothBackends]
    public async Task TheFifthFailureInARowLocksAndASignInClears(string backend)
    {
        await using var database = await OpenAsync(backend);
        var ct = TestContext.Current.CancellationToken;
        var users = database.ConsoleUsers;
        var user = (await users.CreateUserAsync("lock@example.com", "hash", ct))!;
        var until = DateTimeOffset.UtcNow.AddMinutes(15);
        for (var i = 0; i < 4; i++)
        {
            await users.RecordFailedSignInAsync(user.Id, 5, until, ct);
        }
        var four = (await users.FindUserByEmailAsync(user.Email, ct))!;
        Assert.Equal(4, four.FailedAttempts);
        Assert.Null(four.LockedUntil);

        await users.RecordFailedSignInAsync(user.Id, 5, until, ct);
        var locked = (await users.FindUserByEmailAsync(user.Email, ct))!;
        Assert.Equal(until.ToUnixTimeMilliseconds(), locked.LockedUntil?.ToUnixTimeMilliseconds());

        await users.RecordSignInAsync(user.Id, "rehashed", ct);
        var clear = (await users.FindUserByEmailAsync(user.Email, ct))!;
        Assert.Equal((0, null, "rehashed"), (clear.FailedAttempts, clear.LockedUntil, clear.PasswordHash));
    }

    private static async Task<ICallbookDatabase> OpenAsync(string backend)
    {
        var database = CallbookDatabases.Open(TestDatabases.Create(backend), TimeProvider.System);
        await database.MigrateAsync(TestContext.Current.CancellationToken);
        return database;
    }
}
