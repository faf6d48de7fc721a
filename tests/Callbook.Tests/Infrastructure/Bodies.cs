using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Callbook.Tests.Infrastructure;

/// <summary>Request bodies and answer checks shared by the tests.</summary>
public static class Bodies
{
    public static readonly string[] ContactKeys =
    [
        "id", "firstName", "lastName", "fullName", "salutation", "cellPhone", "status", "instanceBotId", "orgId",
        "accountId", "createdBy", "createdByAId", "address", "twitterDetails", "createdAt", "updatedAt",
    ];

    public static readonly string[] UpdatedContactKeys = [.. ContactKeys, "updatedBy", "updatedByAId"];

    public static JsonObject Contact(string firstName, string lastName, string phone, string countryCode = "+91", string extension = "+", string salutation = "mr") => new()
    {
        ["firstName"] = firstName,
        ["lastName"] = lastName,
        ["salutation"] = salutation,
        ["cellPhone"] = new JsonObject { ["extension"] = extension, ["phoneNumber"] = phone, ["countryCode"] = countryCode },
    };

    public static string Contacts(params (string First, string Last, string Phone, string CountryCode)[] contacts) =>
        new JsonArray([.. contacts.Select(c => (JsonNode)Contact(c.First, c.Last, c.Phone, c.CountryCode))]).ToJsonString();

    /// <summary>Asserts the status and a JSON content type, and parses the body.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"expected {(int)expected} but got {(int)response.StatusCode}: {(text.Length > 600 ? text[..600] + "…" : text)}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an error answer and returns its errors array.</summary>
    public static async Task<JsonElement[]> ErrorsAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await ReadAsync(response, expected);
        Assert.Equal(["errors"], Keys(body));
        var errors = body.GetProperty("errors").EnumerateArray().ToArray();
        Assert.NotEmpty(errors);
        foreach (var error in errors)
        {
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("msg").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("code").GetString()));
        }
        return errors;
    }

    public static async Task<string> SingleErrorCodeAsync(HttpResponseMessage response, HttpStatusCode expected) =>
        Assert.Single(await ErrorsAsync(response, expected)).GetProperty("code").GetString()!;

    public static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
