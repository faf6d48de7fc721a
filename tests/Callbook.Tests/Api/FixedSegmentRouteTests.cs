using System.Net;
using System.Text;
using Callbook.Api.Contacts;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Callbook.Tests.Api;

/// <summary>
/// A fixed path segment beside <c>{id}</c> (bulk-delete, bulk-update, import-contacts, export) is never
/// taken for a contact id: a body of the wrong type gets the fixed route's 415, another method its 405,
/// a sub-path 404, whatever the letter case; never a 400 INVALID_ID about a contact named "bulk-delete".
/// </summary>
public sealed class FixedSegmentRouteTests
{
    private static readonly HttpMethod[] Methods = [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete];

    [Fact]
    public void TheConstraintKnowsEveryFixedSegmentBesideAnId()
    {
        var factory = TestServers.For(Backends.Sqlite);
        var patterns = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => e.RoutePattern)
            .Where(p => p.RawText?.StartsWith(ContactsApi.Prefix, StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(patterns);
        var besideId = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var withId in patterns)
        {
            for (var i = 0; i < withId.PathSegments.Count; i++)
            {
                if (withId.PathSegments[i].Parts is [RoutePatternParameterPart { Name: "id" }])
                {
                    var prefix = string.Join('/', withId.PathSegments.Take(i).Select(Text));
                    foreach (var other in patterns.Where(p => p.PathSegments.Count > i && string.Join('/', p.PathSegments.Take(i).Select(Text)) == prefix))
                    {
                        if (other.PathSegments[i].Parts is [RoutePatternLiteralPart literal])
                        {
                            besideId.Add(literal.Content);
                        }
                    }
                }
            }
        }
        Assert.Equal(ContactIdConstraint.FixedSegments.Order(StringComparer.Ordinal), besideId.Order(StringComparer.Ordinal));
    }

    [Theory, BothBackends]
    public async Task FixedSegmentsAreNeverRoutedAsAContactId(string backend)
    {
        var api = await TestServers.TenantAsync(backend);
        var own = new Dictionary<string, HttpMethod>
        {
            ["bulk-delete"] = HttpMethod.Delete,
            ["bulk-update"] = HttpMethod.Put,
            ["import-contacts"] = HttpMethod.Post,
            ["export"] = HttpMethod.Get,
        };
        Assert.Equal(ContactIdConstraint.FixedSegments.Order(StringComparer.Ordinal), own.Keys.Order(StringComparer.Ordinal));
        foreach (var (segment, method) in own)
        {
            foreach (var spelling in new[] { segment, segment.ToUpperInvariant() })
            {
                foreach (var candidate in Methods)
                {
                    foreach (var contentType in new[] { "text/plain", "application/x-www-form-urlencoded", null })
                    {
                        var answer = await api.SendAsync(candidate, "contacts/" + spelling, configure: r =>
                        {
                            if (contentType is not null)
                            {
                                r.Content = new StringContent("ids=1", Encoding.UTF8, contentType);
                            }
                        });
                        var context = $"{candidate} {spelling} ({contentType ?? "no body"})";
                        var body = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                        Assert.DoesNotContain("INVALID_ID", body, StringComparison.Ordinal);
                        if (candidate != method)
                        {
                            Assert.True(answer.StatusCode == HttpStatusCode.MethodNotAllowed, $"{context}: {(int)answer.StatusCode} {body}");
                            Assert.Equal("METHOD_NOT_ALLOWED", await Bodies.SingleErrorCodeAsync(answer, HttpStatusCode.MethodNotAllowed));
                        }
                        else if (method != HttpMethod.Get)
                        {
                            Assert.True(answer.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{context}: {(int)answer.StatusCode} {body}");
                            Assert.Equal("UNSUPPORTED_MEDIA_TYPE", await Bodies.SingleErrorCodeAsync(answer, HttpStatusCode.UnsupportedMediaType));
                        }
                    }
                }
            }
            foreach (var tail in new[] { "/history", "/restore" })
            {
                var answer = await api.SendAsync(tail == "/history" ? HttpMethod.Get : HttpMethod.Post, "contacts/" + segment + tail);
                Assert.Equal("ROUTE_NOT_FOUND", await Bodies.SingleErrorCodeAsync(answer, HttpStatusCode.NotFound));
            }
        }
        // A real id still reaches the {id} routes.
        var id = (await api.CreateAsync("Route", "Check", "7700001")).Str("id");
        await Bodies.ReadAsync(await api.GetAsync("contacts/" + id), HttpStatusCode.OK);
        await Bodies.ReadAsync(await api.DeleteAsync("contacts/" + id), HttpStatusCode.OK);
        Assert.Equal("INVALID_ID", await Bodies.SingleErrorCodeAsync(await api.GetAsync("contacts/not-an-id"), HttpStatusCode.BadRequest));
    }

    private static string Text(RoutePatternPathSegment segment) =>
        string.Concat(segment.Parts.Select(p => p is RoutePatternLiteralPart l ? l.Content : "{" + ((RoutePatternParameterPart)p).Name + "}"));
}
