using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Requests;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Hosting.OpenApi;
using Callbook.Phones;
using Callbook.UseCases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace Callbook.Api.Contacts;

/// <summary>
/// The query of GET /contacts. Bound as raw text and checked by <see cref="ReadAsync"/> before the
/// handler runs, so every problem is answered at once, in Callbook's words (400 <c>INVALID_QUERY_PARAMETER</c>).
/// </summary>
public sealed class ListContactsQuery : IRequestPart
{
    private ContactListFilter? filter;

    [FromQuery(Name = "skip"), Description("Contacts to skip before the page, default 0. Not together with cursor."), SchemaDefault(0), Range(0, int.MaxValue)]
    public StringValues? Skip { get; init; }

    [FromQuery(Name = "limit"), Description("Page size, 1 to 100, default 10."), SchemaDefault(ContactRules.DefaultPageSize), Range(1, ContactRules.MaxPageSize)]
    public StringValues? Limit { get; init; }

    [FromQuery(Name = "status"), Description(QueryValues.StatusDescription), SchemaDefault("ACTIVE"), AllowedValues("ACTIVE", "INACTIVE", "ALL")]
    public StringValues? Status { get; init; }

    [FromQuery(Name = "q"), Description("Name search, 1 to 100 characters: a case- and accent-insensitive prefix of the first, last or full name.")]
    public StringValues? Q { get; init; }

    [FromQuery(Name = "phone"), Description("Caller lookup by phone number in any usual format (docs/phones.md): +, 00, a tel: URI, separators, Unicode digits; a national number needs countryCode or the stream's default country. Never logged.")]
    public StringValues? Phone { get; init; }

    [FromQuery(Name = "countryCode"), Description("Country calling code (+44 or 44) for a national phone number; without it the stream's default country, if set. Only together with phone.")]
    public StringValues? CountryCode { get; init; }

    [FromQuery(Name = "cursor"), Description("The nextCursor of the previous page, with the same filters: pages in time independent of depth.")]
    public StringValues? Cursor { get; init; }

    /// <summary>Contacts to skip (read).</summary>
    public int SkipValue { get; private set; }

    /// <summary>Page size (read).</summary>
    public int LimitValue { get; private set; } = ContactRules.DefaultPageSize;

    /// <summary>The cursor as sent, null when none (read).</summary>
    public string? CursorValue { get; private set; }

    /// <summary>The filters (read).</summary>
    public ContactListFilter Filter => filter ?? throw new InvalidOperationException("the query has not been read");

    public ValueTask<ErrorResult?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new List<ApiError>();
        SkipValue = QueryValues.Int(Skip, "skip", 0, 0, int.MaxValue, errors);
        LimitValue = QueryValues.Int(Limit, "limit", ContactRules.DefaultPageSize, 1, ContactRules.MaxPageSize, errors);
        var status = QueryValues.Status(Status, errors);
        var phones = ReadPhones(context.RequestServices.GetRequiredService<Caller>().DefaultCountryCode, errors);
        var search = ReadSearch(errors);
        CursorValue = QueryValues.Single(Cursor, "cursor", errors);
        if (CursorValue is not null && Skip is { Count: > 0 } && SkipValue != 0)
        {
            errors.Add(new ApiError("cursor and skip cannot be combined", ErrorCodes.InvalidQuery, "skip"));
        }
        filter = new ContactListFilter(status, search, phones);
        return ValueTask.FromResult<ErrorResult?>(errors.Count > 0 ? ApiResults.BadRequest(errors) : null);
    }

    private IReadOnlyList<string>? ReadPhones(string? defaultCountryCode, List<ApiError> errors)
    {
        var phone = QueryValues.Single(Phone, "phone", errors);
        var countryCode = QueryValues.Single(CountryCode, "countryCode", errors);
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

    private string? ReadSearch(List<ApiError> errors)
    {
        var q = QueryValues.Single(Q, "q", errors)?.Trim();
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
}
