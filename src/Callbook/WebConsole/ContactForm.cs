using System.ComponentModel.DataAnnotations;
using Callbook.Contacts;
using Callbook.Errors;
using Callbook.Import;
using Callbook.Phones;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Callbook.WebConsole;

/// <summary>
/// The create and edit form. It holds strings only: the rules are the API's and the import's,
/// applied by <see cref="ContactInputReader.FromStrings"/>, whose errors land on the matching inputs.
/// </summary>
public sealed class ContactForm
{
    [Display(Name = "First name")]
    public string FirstName { get; set; } = "";

    [Display(Name = "Last name")]
    public string LastName { get; set; } = "";

    [Display(Name = "Salutation")]
    public string Salutation { get; set; } = "";

    [Display(Name = "Country code")]
    public string CountryCode { get; set; } = "";

    [Display(Name = "Phone number")]
    public string PhoneNumber { get; set; } = "";

    [Display(Name = "Extension (optional)")]
    public string Extension { get; set; } = "";

    /// <summary>The version the form was filled from: an edit made meanwhile by someone else is not overwritten.</summary>
    public long? Version { get; set; }

    public static ContactForm From(Contact contact) => new()
    {
        FirstName = contact.Fields.FirstName,
        LastName = contact.Fields.LastName,
        Salutation = contact.Fields.Salutation,
        CountryCode = contact.Fields.CellPhone.CountryCode,
        PhoneNumber = NationalNumber(contact.Fields.CellPhone),
        Extension = contact.Fields.CellPhone.Extension,
        Version = contact.Version,
    };

    /// <summary>
    /// Validated fields, or null with every problem added to <paramref name="modelState"/> under <paramref name="prefix"/>.
    /// An empty country code is the stream's default one in <paramref name="rules"/>, if it has one.
    /// </summary>
    public ContactFields? ToFields(ModelStateDictionary modelState, string prefix, PhoneRules rules)
    {
        var errors = new List<ApiError>();
        var fields = ContactInputReader.FromStrings(FirstName ?? "", LastName ?? "", Salutation ?? "", PhoneNumber ?? "", CountryCode ?? "", Extension ?? "", rules, errors);
        foreach (var error in errors)
        {
            modelState.AddModelError(prefix + "." + Property(error.Field), Sentence(error));
        }
        return fields;
    }

    /// <summary>The input a field error of <see cref="ContactInputReader"/> or the CSV belongs to.</summary>
    public static string Property(string? field) => field switch
    {
        ImportColumns.FirstName => nameof(FirstName),
        ImportColumns.LastName => nameof(LastName),
        ImportColumns.Salutation => nameof(Salutation),
        ImportColumns.PhoneNumber or "cellPhone.phoneNumber" => nameof(PhoneNumber),
        ImportColumns.CountryCode => nameof(CountryCode),
        ImportColumns.Extension => nameof(Extension),
        _ => "",
    };

    /// <summary>The rule's message with the form's label in place of the CSV column name.</summary>
    public static string Sentence(ApiError error) => error.Field switch
    {
        ImportColumns.FirstName => error.Msg.Replace(ImportColumns.FirstName, "First name", StringComparison.Ordinal),
        ImportColumns.LastName => error.Msg.Replace(ImportColumns.LastName, "Last name", StringComparison.Ordinal),
        ImportColumns.Salutation => error.Msg.Replace(ImportColumns.Salutation, "Salutation", StringComparison.Ordinal),
        ImportColumns.PhoneNumber => error.Msg.Replace(ImportColumns.PhoneNumber, "Phone number", StringComparison.Ordinal),
        ImportColumns.CountryCode => error.Msg.Replace(ImportColumns.CountryCode, "Country code", StringComparison.Ordinal),
        ImportColumns.Extension => error.Msg.Replace(ImportColumns.Extension, "Extension", StringComparison.Ordinal),
        _ => error.Msg,
    };

    private static string NationalNumber(CellPhone phone)
    {
        var code = phone.CountryCode.TrimStart('+');
        return phone.PhoneNumber.StartsWith("+" + code, StringComparison.Ordinal) ? phone.PhoneNumber[(1 + code.Length)..] : phone.PhoneNumber;
    }
}
