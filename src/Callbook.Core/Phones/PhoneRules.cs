namespace Callbook.Phones;

/// <summary>
/// The phone settings a write is read under: the configured strictness
/// (<c>Callbook:Phones:Validation</c>) and, for the console's forms only, the stream's default
/// country, used when the country code is left empty. The API never fills a country in.
/// </summary>
public sealed record PhoneRules(PhoneValidation Validation = PhoneValidation.Contract, string? DefaultCountryCode = null)
{
    public static readonly PhoneRules Default = new();
}
