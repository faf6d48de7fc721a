using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Callbook.Api.Auth;
using Callbook.Tenancy;

namespace Callbook.Tests.Infrastructure;

/// <summary>An HTTP client acting as one tenant's app: every request carries its token and accountId.</summary>
public sealed class TenantClient(HttpClient http, TenantSetup setup)
{
    public HttpClient Http => http;

    public TenantSetup Setup => setup;

    public string StreamId => setup.StreamId;

    public string AccountId => setup.AccountId;

    public string Token { get; } = Tokens.Issue(setup.ClientId, setup.ClientSecret, TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    /// <summary>/agentassist/api/v1/public/{streamId}/ + relative path.</summary>
    public string Url(string relative, string? streamId = null) => $"/agentassist/api/v1/public/{streamId ?? setup.StreamId}/{relative}";

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, string? json = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, Url(relative));
        request.Headers.Add("auth", Token);
        request.Headers.Add("accountId", setup.AccountId);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        configure?.Invoke(request);
        return http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> GetAsync(string relative) => SendAsync(HttpMethod.Get, relative);

    public Task<HttpResponseMessage> PostAsync(string relative, string json) => SendAsync(HttpMethod.Post, relative, json);

    public Task<HttpResponseMessage> PutAsync(string relative, string json) => SendAsync(HttpMethod.Put, relative, json);

    public Task<HttpResponseMessage> DeleteAsync(string relative, string? json = null) => SendAsync(HttpMethod.Delete, relative, json);

    public Task<HttpResponseMessage> ImportAsync(string csv, string query = "", string field = "result_file", string? accept = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, field, "contacts.csv");
        return SendAsync(HttpMethod.Post, "contacts/import-contacts" + query, configure: r =>
        {
            r.Content = form;
            if (accept is not null)
            {
                r.Headers.Accept.ParseAdd(accept);
            }
        });
    }

    /// <summary>Imports a file's bytes as they are; <paramref name="partType"/> is the file part's Content-Type (null: none).</summary>
    public Task<HttpResponseMessage> ImportFileAsync(byte[] bytes, string query = "", string? partType = "text/csv", string? accept = null, string fileName = "contacts.csv")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        if (partType is not null)
        {
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(partType);
        }
        form.Add(file, "result_file", fileName);
        return SendAsync(HttpMethod.Post, "contacts/import-contacts" + query, configure: r =>
        {
            r.Content = form;
            if (accept is not null)
            {
                r.Headers.Accept.ParseAdd(accept);
            }
        });
    }

    /// <summary>Every contact of the stream in any status, as "first|last|salutation|phone|code|extension|status" lines, oldest first.</summary>
    public async Task<string[]> SnapshotAsync()
    {
        var body = await Bodies.ReadAsync(await GetAsync("contacts?status=ALL&limit=100"), HttpStatusCode.OK);
        return [.. body.GetProperty("results").EnumerateArray().Select(c =>
        {
            var phone = c.GetProperty("cellPhone");
            return string.Join('|', c.Str("firstName"), c.Str("lastName"), c.Str("salutation"), phone.Str("phoneNumber"), phone.Str("countryCode"), phone.Str("extension"), c.Str("status"));
        })];
    }

    /// <summary>Creates one contact and returns it; fails the test unless the answer is 201.</summary>
    public async Task<JsonElement> CreateAsync(string firstName, string lastName, string phone, string countryCode = "+91")
    {
        var response = await PostAsync("contacts", Bodies.Contacts((firstName, lastName, phone, countryCode)));
        var body = await Bodies.ReadAsync(response, HttpStatusCode.Created);
        return body[0];
    }

    /// <summary>Active contacts of the stream as the API counts them.</summary>
    public async Task<long> CountAsync(string status = "ALL")
    {
        var body = await Bodies.ReadAsync(await GetAsync($"contacts?status={status}&limit=1"), HttpStatusCode.OK);
        return body.GetProperty("totalResults").GetInt64();
    }
}
