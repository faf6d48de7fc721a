using System.Net;
using System.Text.RegularExpressions;
using Callbook.Stores;
using Callbook.WebConsole;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Callbook.Tests.Console;

/// <summary>
/// Console accounts over HTTP on every backend: a removed, locked or re-passworded user's open sessions
/// stop at their next request; a user changes their own password and keeps only the session they did it in.
/// </summary>
public sealed partial class ConsoleSessionTests
{
    private const string Password = "first password";

    [Theory, BothBackends]
    public async Task ANewPasswordARemovalOrALockOutEndsOpenSessions(string backend)
    {
        var factory = TestServers.For(backend);
        var ct = TestContext.Current.CancellationToken;
        var users = factory.Database.ConsoleUsers;

        var (user, email) = await NewUserAsync(factory);
        using var first = await SignInAsync(factory, email, Password);
        using var second = await SignInAsync(factory, email, Password);
        await AssertSignedInAsync(first);
        await AssertSignedInAsync(second);
        await users.SetPasswordAsync(user.Id, ConsolePasswords.Hash("reset password"), ct);
        await AssertSignedOutAsync(first);
        await AssertSignedOutAsync(second);

        // A lock-out (five wrong passwords, from anyone) ends the session; unlocking lets the user sign in again.
        using var third = await SignInAsync(factory, email, "reset password");
        await AssertSignedInAsync(third);
        using var guesser = Client(factory);
        for (var i = 0; i < ConsoleSignIn.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignInAsync(guesser, email, "guess " + i)).StatusCode);
        }
        await AssertSignedOutAsync(third);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignInAsync(guesser, email, "reset password")).StatusCode);
        Assert.True(await users.UnlockAsync(user.Id, ct));
        using var fourth = await SignInAsync(factory, email, "reset password");
        await AssertSignedInAsync(fourth);

        Assert.True(await users.RemoveUserAsync(user.Id, ct));
        await AssertSignedOutAsync(fourth);
        Assert.Null(await users.FindUserByEmailAsync(email, ct));
        Assert.False(await users.RemoveUserAsync(user.Id, ct));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignInAsync(Client(factory), email, "reset password")).StatusCode);
    }

    [Theory, BothBackends]
    public async Task ChangingYourOwnPasswordKeepsThisSessionAndEndsTheOthers(string backend)
    {
        var factory = TestServers.For(backend);
        var (_, email) = await NewUserAsync(factory);
        using var here = await SignInAsync(factory, email, Password);
        using var elsewhere = await SignInAsync(factory, email, Password);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAccountAsync(here, "not it", "second password", "second password")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAccountAsync(here, Password, "short", "short")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAccountAsync(here, Password, "second password", "other password")).StatusCode);
        await AssertSignedInAsync(elsewhere);

        var changed = await PostAccountAsync(here, Password, "second password", "second password");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        await AssertSignedInAsync(here);
        await AssertSignedOutAsync(elsewhere);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSignInAsync(Client(factory), email, Password)).StatusCode);
        using var again = await SignInAsync(factory, email, "second password");
        await AssertSignedInAsync(again);
    }

    private static async Task<(ConsoleUser User, string Email)> NewUserAsync(CallbookFactory factory)
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var user = await factory.Database.ConsoleUsers.CreateUserAsync(email, ConsolePasswords.Hash(Password), TestContext.Current.CancellationToken);
        return (user!, email);
    }

    private static HttpClient Client(CallbookFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpClient> SignInAsync(CallbookFactory factory, string email, string password)
    {
        var client = Client(factory);
        var answer = await PostSignInAsync(client, email, password);
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"sign-in: {(int)answer.StatusCode}");
        return client;
    }

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password) =>
        await PostFormAsync(client, "/console/signin", new() { ["Email"] = email, ["Password"] = password });

    private static async Task<HttpResponseMessage> PostAccountAsync(HttpClient client, string current, string replacement, string confirmation) =>
        await PostFormAsync(client, "/console/account", new() { ["Current"] = current, ["Replacement"] = replacement, ["Confirmation"] = confirmation });

    /// <summary>GETs the page for its antiforgery token, then POSTs the form with it.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path, TestContext.Current.CancellationToken);
        fields["__RequestVerificationToken"] = TokenField().Match(page).Groups[1].Value;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);
    }

    private static async Task AssertSignedInAsync(HttpClient client) =>
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/console", TestContext.Current.CancellationToken)).StatusCode);

    private static async Task AssertSignedOutAsync(HttpClient client)
    {
        var answer = await client.GetAsync("/console", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Contains("/console/signin", answer.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
