using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Callbook.Tests.Infrastructure;

/// <summary>What a client can see of a tenant, and the checks every hostile request must pass.</summary>
internal static class Observed
{
    /// <summary>The longest any single request may take, whatever it carries.</summary>
    public static readonly TimeSpan ResponseBound = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Every contact of the tenant's stream, active or not, as the API lists them: the stored state
    /// a rejected request must leave exactly as it was.
    /// </summary>
    public static async Task<string> SnapshotAsync(TenantClient api) =>
        string.Join('\n', (await ListAllAsync(api, "status=ALL")).Select(c => c.GetRawText()));

    /// <summary>Every contact a list query finds, all pages followed by cursor.</summary>
    public static async Task<List<JsonElement>> ListAllAsync(TenantClient api, string query)
    {
        var all = new List<JsonElement>();
        var relative = $"contacts?{query}&limit=100";
        while (true)
        {
            var page = await Bodies.ReadAsync(await api.GetAsync(relative), HttpStatusCode.OK);
            all.AddRange(page.GetProperty("results").EnumerateArray());
            if (!page.TryGetProperty("nextCursor", out var cursor) || cursor.ValueKind != JsonValueKind.String)
            {
                return all;
            }
            relative = $"contacts?{query}&limit=100&cursor=" + Uri.EscapeDataString(cursor.GetString()!);
        }
    }

    /// <summary>
    /// After a request: a rejected one (4xx) must have left <paramref name="before"/> exactly as it was.
    /// Returns the state to compare the next request against.
    /// </summary>
    public static async Task<string> AssertStateAfterAsync(TenantClient api, string before, Answer answer, string context)
    {
        var after = await SnapshotAsync(api);
        Assert.True(answer.Code < 400 || after == before, $"{context}\n→ {answer}\nthe request was rejected but the stored contacts changed");
        return after;
    }

    /// <summary>A response to a hostile request: the status, the body, and how long it took.</summary>
    public sealed record Answer(HttpStatusCode Status, string? MediaType, string Body, TimeSpan Elapsed)
    {
        public int Code => (int)Status;

        public override string ToString() => $"{Code} after {Elapsed.TotalMilliseconds:0} ms: {(Body.Length > 400 ? Body[..400] + "…" : Body)}";
    }

    public static async Task<Answer> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        var clock = Stopwatch.StartNew();
        using var response = await send();
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, clock.Elapsed);
    }

    /// <summary>
    /// No 5xx, a JSON body, within the time bound; a 4xx is exactly {"errors":[{msg, code, …}, …]}.
    /// <paramref name="context"/> says how to reproduce (seed, request) when it fails.
    /// </summary>
    public static void AssertWellFormed(Answer answer, string context)
    {
        Assert.True(answer.Code < 500, $"{context}\n→ {answer}");
        Assert.True(answer.MediaType == "application/json", $"{context}\n→ not JSON ({answer.MediaType}): {answer}");
        Assert.True(answer.Elapsed < ResponseBound, $"{context}\n→ slower than {ResponseBound.TotalSeconds} s: {answer}");
        using var document = JsonDocument.Parse(answer.Body);
        if (answer.Code >= 400)
        {
            AssertErrorShape(document.RootElement, $"{context}\n→ {answer}");
        }
    }

    public static void AssertErrorShape(JsonElement body, string context)
    {
        Assert.True(body.ValueKind == JsonValueKind.Object, context);
        Assert.True(Bodies.Keys(body) is ["errors"], context);
        var errors = body.GetProperty("errors");
        Assert.True(errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0, context);
        foreach (var error in errors.EnumerateArray())
        {
            Assert.True(error.TryGetProperty("msg", out var msg) && msg.ValueKind == JsonValueKind.String && msg.GetString()!.Trim().Length > 0, context);
            Assert.True(error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString()!.Trim().Length > 0, context);
        }
    }

    /// <summary>A well-formed contact id that no stream holds.</summary>
    public static string UnknownId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..24];
}
