using Callbook.Api.Auth;
using Callbook.Storage;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Tests.Auth;

/// <summary>Tokens.ValidateAsync against a real embedded store, without HTTP.</summary>
public sealed class TokenValidationTests : IAsyncLifetime
{
    private ICallbookDatabase database = null!;
    private TenantSetup tenant = null!;

    public async ValueTask InitializeAsync()
    {
        database = CallbookDatabases.Open(TestDatabases.Create(Backends.Sqlite), TimeProvider.System);
        await database.MigrateAsync(TestContext.Current.CancellationToken);
        tenant = await database.Tenancy.CreateTenantAsync("unit", TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task IssuedTokenValidatesToItsApp()
    {
        var token = Tokens.Issue(tenant.ClientId, tenant.ClientSecret, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow);
        var check = await new Tokens(database.Auth, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Tokens>.Instance).ValidateAsync(token, TestContext.Current.CancellationToken);
        Assert.Null(check.Error);
        Assert.Equal(tenant.ClientId, check.App!.ClientId);
        Assert.Equal(tenant.AccountId, check.App.AccountId);
    }

    [Theory]
    [InlineData(-61, false)]
    [InlineData(-30, true)]
    [InlineData(3600, true)]
    public async Task ExpiryAllowsSixtySecondsOfSkew(int expSeconds, bool valid)
    {
        var token = TestTokens.Hmac($$"""{"appId":"{{tenant.ClientId}}","exp":{{TestTokens.Now(expSeconds)}}}""", tenant.ClientSecret);
        var check = await new Tokens(database.Auth, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Tokens>.Instance).ValidateAsync(token, TestContext.Current.CancellationToken);
        Assert.Equal(valid, check.App is not null);
    }

    [Theory]
    [InlineData(61, false)]
    [InlineData(30, true)]
    [InlineData(-3600, true)]
    public async Task IssuedAtMayNotLieInTheFuture(int iatSeconds, bool valid)
    {
        var token = TestTokens.Hmac($$"""{"appId":"{{tenant.ClientId}}","iat":{{TestTokens.Now(iatSeconds)}}}""", tenant.ClientSecret);
        var check = await new Tokens(database.Auth, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Tokens>.Instance).ValidateAsync(token, TestContext.Current.CancellationToken);
        Assert.Equal(valid, check.App is not null);
    }

    [Fact]
    public async Task ReplayedJtiIsRejectedButOtherAppsMayUseTheSameJti()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await database.Tenancy.CreateAppAsync(new NewApp(tenant.AccountId, "a", Secrets.NewClientSecret(), false, true, []), ct);
        var second = await database.Tenancy.CreateAppAsync(new NewApp(tenant.AccountId, "b", Secrets.NewClientSecret(), false, true, []), ct);
        var tokens = new Tokens(database.Auth, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Tokens>.Instance);

        var a = TestTokens.Hmac($$"""{"appId":"{{first.ClientId}}","jti":"same"}""", first.Secret);
        var b = TestTokens.Hmac($$"""{"appId":"{{second.ClientId}}","jti":"same"}""", second.Secret);
        Assert.NotNull((await tokens.ValidateAsync(a, ct)).App);
        Assert.NotNull((await tokens.ValidateAsync(b, ct)).App);
        Assert.Contains("already used", (await tokens.ValidateAsync(a, ct)).Error, StringComparison.Ordinal);
    }
}
