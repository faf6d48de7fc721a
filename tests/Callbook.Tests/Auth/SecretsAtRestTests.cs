using System.Net;
using Callbook.Api.Auth;
using Microsoft.Data.Sqlite;

namespace Callbook.Tests.Auth;

/// <summary>App secrets are stored encrypted: the database file alone cannot mint a valid token.</summary>
public sealed class SecretsAtRestTests
{
    [Fact]
    public async Task TheStoredSecretIsCiphertextThatSignsNoValidToken()
    {
        var factory = TestServers.For(Backends.Sqlite);
        var api = await factory.NewTenantAsync();

        string stored;
        await using (var connection = new SqliteConnection("Data Source=" + factory.Db["sqlite:".Length..] + ";Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT secret FROM apps WHERE client_id = $id";
            command.Parameters.AddWithValue("$id", api.Setup.ClientId);
            stored = (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        }

        Assert.StartsWith("dp1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(api.Setup.ClientSecret, stored, StringComparison.Ordinal);
        var forged = Tokens.Issue(api.Setup.ClientId, stored, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow);
        var request = new HttpRequestMessage(HttpMethod.Get, api.Url("contacts"));
        request.Headers.Add("auth", forged);
        request.Headers.Add("accountId", api.AccountId);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Http.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);
        await Bodies.ReadAsync(await api.GetAsync("contacts"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheStoredJweKeyIsCiphertextAndTheRegisteredPublicKeyIsPlain()
    {
        var factory = TestServers.For(Backends.Sqlite);
        var api = await factory.NewTenantAsync();
        var jwe = await AppKinds.CreateAsync(factory, api.AccountId, api.StreamId, AppKind.JweRs256);
        string stored;
        string publicKey;
        await using (var connection = new SqliteConnection("Data Source=" + factory.Db["sqlite:".Length..] + ";Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT jwe_private_key, public_key FROM apps WHERE client_id = $id";
            command.Parameters.AddWithValue("$id", jwe.ClientId);
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
            (stored, publicKey) = (reader.GetString(0), reader.GetString(1));
        }
        Assert.StartsWith("dp1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", stored, StringComparison.Ordinal);
        Assert.Equal(jwe.App.PublicKey, publicKey);
        await Bodies.ReadAsync(await AppKindTests.SendAsync(api, jwe.Token(), HttpMethod.Get), HttpStatusCode.OK);
    }

    [Fact]
    public async Task PerAppRateLimitsReplaceTheDefaults()
    {
        var factory = TestServers.For(Backends.Sqlite);
        var api = await factory.NewTenantAsync();
        Assert.True(await factory.Database.Tenancy.SetRateLimitsAsync(api.Setup.ClientId, 3, null, TestContext.Current.CancellationToken));
        for (var i = 0; i < 3; i++)
        {
            await Bodies.ReadAsync(await api.GetAsync("contacts"), HttpStatusCode.OK);
        }
        Assert.Equal("RATE_LIMITED", await Bodies.SingleErrorCodeAsync(await api.GetAsync("contacts"), (HttpStatusCode)429));
        Assert.True(await factory.Database.Tenancy.SetRateLimitsAsync(api.Setup.ClientId, null, null, TestContext.Current.CancellationToken));
        await Bodies.ReadAsync(await api.GetAsync("contacts"), HttpStatusCode.OK);
    }
}
