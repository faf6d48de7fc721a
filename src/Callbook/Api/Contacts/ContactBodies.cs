using System.Text.Json;
using Callbook.Api.Errors;
using Callbook.Api.Requests;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Phones;

namespace Callbook.Api.Contacts;

/// <summary>
/// The body of POST /contacts: a JSON array of contacts (or one contact object), 1 to
/// <see cref="JsonBody.RecordsPerRequest"/> of them, each read by <see cref="ContactInputReader"/>.
/// A body of another shape is refused; invalid records are collected in <see cref="Errors"/> for the
/// handler, which still checks the valid ones for numbers in use before answering 400.
/// </summary>
public sealed class NewContactsBody : JsonRequestBody<NewContactsBody, ContactInput[]>
{
    /// <summary>The valid records' fields, in request order.</summary>
    public List<ContactFields> Inputs { get; } = [];

    /// <summary>The request index of each of <see cref="Inputs"/>.</summary>
    public List<int> InputIndex { get; } = [];

    /// <summary>Every problem of the invalid records, each with its index.</summary>
    public List<ApiError> Errors { get; } = [];

    protected override ValueTask<ErrorResult?> ReadAsync(JsonElement root, IServiceProvider services, CancellationToken cancellationToken)
    {
        var elements = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray().ToList(),
            JsonValueKind.Object => [root],
            _ => null,
        };
        if (elements is null)
        {
            return Refused(ApiResults.BadRequest("the body must be a JSON array of contacts (or one contact object)", ErrorCodes.InvalidBody));
        }
        if (elements.Count == 0)
        {
            return Refused(ApiResults.BadRequest("the array holds no contact", ErrorCodes.EmptyRequest));
        }
        var max = services.GetRequiredService<JsonBody>().RecordsPerRequest;
        if (elements.Count > max)
        {
            return Refused(ApiResults.TooManyRecords(max));
        }
        var rules = services.GetRequiredService<PhoneRules>();
        for (var i = 0; i < elements.Count; i++)
        {
            if (ContactInputReader.Read(elements[i], rules, Errors, i) is { } fields)
            {
                Inputs.Add(fields);
                InputIndex.Add(i);
            }
        }
        return Accepted();
    }
}

/// <summary>The body of PUT /contacts/{id}: one contact object, read by <see cref="ContactInputReader"/>; any invalid field is a 400 listing every problem.</summary>
public sealed class ContactBody : JsonRequestBody<ContactBody, ContactInput>
{
    /// <summary>The new fields.</summary>
    public ContactFields Fields { get; private set; } = null!;

    protected override ValueTask<ErrorResult?> ReadAsync(JsonElement root, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Refused(ApiResults.BadRequest("the body must be one contact object", ErrorCodes.InvalidBody));
        }
        var errors = new List<ApiError>();
        if (ContactInputReader.Read(root, services.GetRequiredService<PhoneRules>(), errors) is not { } fields)
        {
            return Refused(ApiResults.BadRequest(errors));
        }
        Fields = fields;
        return Accepted();
    }
}

/// <summary>One contact to create or the new fields of one contact.</summary>
/// <remarks>The shape the OpenAPI document shows; <see cref="NewContactsBody"/> and <see cref="ContactBody"/> read it.</remarks>
public class ContactInput
{
    /// <summary>1–100 characters, trimmed.</summary>
    public required string FirstName { get; init; }

    /// <summary>1–100 characters, trimmed.</summary>
    public required string LastName { get; init; }

    /// <summary>1–20 characters, kept as sent.</summary>
    public required string Salutation { get; init; }

    /// <summary>Ignored: the server derives it from firstName and lastName (the vendor's samples send it).</summary>
    public string? FullName { get; init; }

    public required CellPhoneInput CellPhone { get; init; }

    /// <summary>Optional, at most 10 objects of at most 4 KB each.</summary>
    public IReadOnlyList<JsonElement>? Address { get; init; }

    /// <summary>Optional, at most 10 objects of at most 4 KB each.</summary>
    public IReadOnlyList<JsonElement>? TwitterDetails { get; init; }
}

/// <param name="Extension">0–10 characters, kept as sent.</param>
/// <param name="PhoneNumber">The number in any written form (docs/phones.md): national with its trunk prefix, or '+' and the same country code; separators, Unicode digits and tel: URIs are read. Answered in E.164 form.</param>
/// <param name="CountryCode">'+' (optional) and 1–3 digits, an assigned country calling code; answered as "+44".</param>
public sealed record CellPhoneInput(string Extension, string PhoneNumber, string CountryCode);
