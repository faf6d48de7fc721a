using System.Globalization;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Storage;

namespace Callbook.Api.Contacts;

/// <summary>GET /contacts?skip=&amp;limit=&amp;status=: a page in (createdAt, id) order with totals.</summary>
public static class ListContacts
{
    public static async Task<IResult> HandleAsync(HttpRequest request, Caller caller, IContactStore store, CancellationToken cancellationToken)
    {
        var errors = new List<ApiError>();
        var skip = ReadInt(request, "skip", 0, 0, int.MaxValue, errors);
        var limit = ReadInt(request, "limit", ContactRules.DefaultPageSize, 1, ContactRules.MaxPageSize, errors);
        var status = ReadStatus(request, errors);
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }
        var page = await store.ListContactsAsync(caller.Scope, new ContactListQuery(status, skip, limit), cancellationToken);
        var results = page.Contacts.Select(c => ContactResponse.From(c)).ToList();
        var body = new ContactList(
            results,
            skip,
            limit,
            HasMore: skip + (long)results.Count < page.TotalResults,
            TotalPages: (page.TotalResults + limit - 1) / limit,
            page.TotalResults);
        return Results.Json(body, CallbookJson.Context.ContactList, contentType: "application/json");
    }

    private static int ReadInt(HttpRequest request, string name, int fallback, int min, int max, List<ApiError> errors)
    {
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return fallback;
        }
        if (values.Count > 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors.Add(new ApiError($"{name} must be a whole number from {min} to {max}", ErrorCodes.InvalidQuery, name));
            return fallback;
        }
        return value;
    }

    private static StatusFilter ReadStatus(HttpRequest request, List<ApiError> errors)
    {
        var values = request.Query["status"];
        if (values.Count == 0)
        {
            return StatusFilter.Active;
        }
        switch (values.Count == 1 ? values[0]?.ToUpperInvariant() : null)
        {
            case ContactStatusNames.Active:
                return StatusFilter.Active;
            case ContactStatusNames.Inactive:
                return StatusFilter.Inactive;
            case "ALL":
                return StatusFilter.All;
            default:
                errors.Add(new ApiError("status must be ACTIVE, INACTIVE or ALL", ErrorCodes.InvalidQuery, "status"));
                return StatusFilter.Active;
        }
    }
}
