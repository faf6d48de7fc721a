using Microsoft.OpenApi;

namespace Callbook.Hosting.OpenApi;

/// <summary>
/// Endpoint metadata describing a parameter that a handler reads itself (a query value, a header)
/// or describing a route parameter further. <see cref="OpenApiParameters"/> puts it in the OpenAPI
/// document; set on a route group, it applies to every endpoint under it.
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
public sealed record DocumentedParameter(
    string Name,
    ParameterLocation In,
    string Description,
    JsonSchemaType Type = JsonSchemaType.String,
    bool Required = false,
    long? Minimum = null,
    long? Maximum = null,
    IReadOnlyList<string>? Values = null,
    string? Pattern = null);

/// <summary>Adding <see cref="DocumentedParameter"/> metadata to endpoints and groups.</summary>
public static class DocumentedParameters
{
    /// <summary>Documents parameters that the endpoint (or every endpoint of the group) reads.</summary>
    public static TBuilder WithParameters<TBuilder>(this TBuilder builder, params DocumentedParameter[] parameters)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var parameter in parameters)
        {
            builder.WithMetadata(parameter);
        }
        return builder;
    }
}
