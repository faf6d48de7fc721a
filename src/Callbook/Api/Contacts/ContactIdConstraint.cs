using System.Collections.Frozen;
using Microsoft.AspNetCore.Routing.Matching;

namespace Callbook.Api.Contacts;

/// <summary>
/// The route constraint <c>{id:contactId}</c>: a contact id segment is never one of the fixed segments
/// of the contact routes (<c>bulk-update</c>, <c>bulk-delete</c>, <c>import-contacts</c>,
/// <c>export</c>; compared ignoring case, as routing compares literals). Without it a request that
/// the fixed route refuses (a DELETE to bulk-delete with a non-JSON Content-Type, a GET to bulk-update)
/// would fall through to the <c>{id}</c> route and be answered as a contact named "bulk-delete". As an
/// <see cref="IParameterLiteralNodeMatchingPolicy"/> it is applied when the route table is built, so
/// such a request meets only the fixed route and gets its 415 or 405.
/// </summary>
public sealed class ContactIdConstraint : IRouteConstraint, IParameterLiteralNodeMatchingPolicy
{
    public const string Name = "contactId";

    /// <summary>The fixed segments beside <c>{id}</c> under /contacts (a test checks the route table holds no other).</summary>
    public static readonly FrozenSet<string> FixedSegments =
        new[] { "bulk-update", "bulk-delete", "import-contacts", "export" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        !values.TryGetValue(routeKey, out var value) || value is not string id || !FixedSegments.Contains(id);

    public bool MatchesLiteral(string parameterName, string literal) => !FixedSegments.Contains(literal);
}
