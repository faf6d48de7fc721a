using Microsoft.OpenApi;

namespace Callbook.Hosting.OpenApi;

/// <summary>
/// A parameter as the OpenAPI document shows it. A filter that reads a parameter itself (a header, the
/// group's route parameter) adds it to the endpoints it runs on as metadata; for the parameters a handler
/// binds, <see cref="OpenApiParameters"/> makes one from the attributes of the binding property or type.
/// </summary>
/// <param name="Name">The parameter's name as sent.</param>
/// <param name="In">Query, header or path.</param>
/// <param name="Description">What it means, its format and its default.</param>
/// <param name="Type">The JSON schema type of its value.</param>
/// <param name="Required">Whether a request without it is refused.</param>
/// <param name="Minimum">Least value of an integer.</param>
/// <param name="Maximum">Greatest value of an integer.</param>
/// <param name="Values">The only values accepted, when they are a closed list.</param>
/// <param name="Pattern">A regular expression the value matches.</param>
/// <param name="Default">The value used when the parameter is absent.</param>
public sealed record DocumentedParameter(
    string Name,
    ParameterLocation In,
    string Description,
    JsonSchemaType Type = JsonSchemaType.String,
    bool Required = false,
    long? Minimum = null,
    long? Maximum = null,
    IReadOnlyList<string>? Values = null,
    string? Pattern = null,
    object? Default = null);
