using Callbook.Phones;

namespace Callbook.Hosting;

/// <summary>Reads <c>Callbook:Phones:Validation</c> (contract, the default | possible | valid) once at start-up.</summary>
public static class PhoneSettings
{
    public const string ValidationKey = "Callbook:Phones:Validation";

    /// <summary>Registers the <see cref="PhoneRules"/> every write is read under; an unknown value stops the start with a clear message.</summary>
    public static IServiceCollection AddPhoneRules(this IServiceCollection services, IConfiguration configuration)
    {
        var text = configuration[ValidationKey];
        var validation = text?.Trim().ToLowerInvariant() switch
        {
            null or "" or "contract" => PhoneValidation.Contract,
            "possible" => PhoneValidation.Possible,
            "valid" => PhoneValidation.Valid,
            _ => throw new InvalidOperationException($"{ValidationKey} must be contract, possible or valid, not '{text}'"),
        };
        return services.AddSingleton(new PhoneRules(validation));
    }
}
