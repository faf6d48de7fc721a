using System.Globalization;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Phones;
using Callbook.Stores;
using Callbook.UseCases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callbook.Api.Contacts;

/// <summary>
/// GET /contacts: a page in (createdAt, id) order with totals. Filters: status, q (name prefix),
/// phone (+countryCode) for caller lookup; paging by skip/limit or by the opaque nextCursor.
/// </summary>
public static class ListContacts
{
    public static async Task<Results<JsonOk<ContactList>, ErrorResult>> HandleAsync(HttpRequest request, Caller caller, ContactListing contacts, CancellationToken cancellationToken)
    {
        var errors = new List<ApiError>();
        var skip = ReadInt(request, "skip", 0, 0, int.MaxValue, errors);
        var limit = ReadInt(request, "limit", ContactRules.DefaultPageSize, 1, ContactRules.MaxPageSize, errors);
        var status = QueryValues.Status(request, errors);
        var phones = ReadPhones(request, caller.DefaultCountryCode, errors);
        var search = ReadSearch(request, errors);
        var cursor = QueryValues.Single(request, "cursor", errors);
        if (cursor is not null && request.Query.ContainsKey("skip") && skip != 0)
        {
            errors.Add(new ApiError("cursor and skip cannot be combined", ErrorCodes.InvalidQuery, "skip"));
        }
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }

        // The cursor is bound to the filters; limit may change from page to page.
        var listing = await contacts.ListAsync(caller.Scope, new ContactListFilter(status, search, phones), skip, limit, cursor, cancellationToken);
        if (listing is null)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "cursor is not valid for this stream and these filters", ErrorCodes.InvalidQuery, "cursor");
        }
        var page = listing.Page;
        var results = new List<ContactResponse>(page.Contacts.Count);
        foreach (var contact in page.Contacts)
        {
            results.Add(ContactResponse.From(contact));
        }
        var body = new ContactList(
            results,
            skip,
            limit,
            page.HasMore,
            TotalPages: (page.TotalResults + limit - 1) / limit,
            page.TotalResults,
            listing.NextCursor);
        return new JsonOk<ContactList>(body, CallbookJson.Context.ContactList);
    }

    private static IReadOnlyList<string>? ReadPhones(HttpRequest request, string? defaultCountryCode, List<ApiError> errors)
    {
        var phone = QueryValues.Single(request, "phone", errors);
        var countryCode = QueryValues.Single(request, "countryCode", errors);
        if (phone is null)
        {
            if (countryCode is not null)
            {
                errors.Add(new ApiError("countryCode is only used together with phone", ErrorCodes.InvalidQuery, "countryCode"));
            }
            return null;
        }
        if (PhoneQuery.Candidates(phone, countryCode, defaultCountryCode, out var candidates) is { } error)
        {
            errors.Add(error);
            return null;
        }
        return candidates;
    }

    private static string? ReadSearch(HttpRequest request, List<ApiError> errors)
    {
        var q = QueryValues.Single(request, "q", errors)?.Trim();
        if (q is null)
        {
            return null;
        }
        if (q.Length is 0 or > ContactSearch.MaxQueryLength)
        {
            errors.Add(new ApiError($"q must be 1 to {ContactSearch.MaxQueryLength} characters", ErrorCodes.InvalidQuery, "q"));
            return null;
        }
        // No stored name holds a control character (PostgreSQL text cannot hold NUL at all) or text normalisation refuses.
        if (q.Any(char.IsControl) || !ContactSearch.CanNormalize(q))
        {
            errors.Add(new ApiError("q must be valid Unicode text without control characters", ErrorCodes.InvalidQuery, "q"));
            return null;
        }
        return ContactSearch.Key(q);
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
}

/// <summary>Query parameters shared by list and export.</summary>
internal static class QueryValues
{
    public static string? Single(HttpRequest request, string name, List<ApiError> errors)
    {
        var values = request.Query[name];
        if (values.Count > 1)
        {
            errors.Add(new ApiError($"{name} may be given once", ErrorCodes.InvalidQuery, name));
        }
        return values.Count == 0 ? null : values[0];
    }

    public static StatusFilter Status(HttpRequest request, List<ApiError> errors)
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
