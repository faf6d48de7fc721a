using Callbook.Api.Auth;
using Callbook.Tenancy;

namespace Callbook.Hosting;

/// <summary>
/// What the first <c>serve</c> prints on an empty database: the demo ids, the secret and a
/// ready-to-paste curl command. Written to the console for the person starting the service,
/// never to the log.
/// </summary>
internal static class DemoBanner
{
    public static void Print(TenantSetup demo, string baseUrl, TextWriter output)
    {
        var token = Tokens.Issue(demo.ClientId, demo.ClientSecret, TimeSpan.FromDays(1), DateTimeOffset.UtcNow);
        var contacts = $"{baseUrl.TrimEnd('/')}/agentassist/api/v1/public/{demo.StreamId}/contacts";
        output.WriteLine($$$"""

            Callbook created a demo tenant on this empty database (start with --no-demo to skip this).
              orgId:        {{{demo.OrgId}}}
              accountId:    {{{demo.AccountId}}}
              streamId:     {{{demo.StreamId}}}
              clientId:     {{{demo.ClientId}}}
              clientSecret: {{{demo.ClientSecret}}}

            A token valid for 24 hours; make new ones with: callbook token --client-id {{{demo.ClientId}}}
            Try it:

            curl -s -X POST '{{{contacts}}}' \
              -H 'Content-Type: application/json' -H 'accountId: {{{demo.AccountId}}}' \
              -H 'auth: {{{token}}}' \
              --data '[{"firstName":"john","lastName":"doe","salutation":"mr","cellPhone":{"extension":"+","phoneNumber":"2445612345","countryCode":"+91"}}]'

            curl -s '{{{contacts}}}' -H 'accountId: {{{demo.AccountId}}}' -H 'auth: {{{token}}}'

            The API reference: {{{baseUrl.TrimEnd('/')}}}/docs (OpenAPI: {{{baseUrl.TrimEnd('/')}}}/openapi/v1.json)

            """);
    }
}
