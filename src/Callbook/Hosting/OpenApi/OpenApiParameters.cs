using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Callbook.Hosting.OpenApi;

/// <summary>
/// Completes each operation's parameters from endpoint metadata: every <c>{name}</c> of the route
/// becomes a required path parameter (the framework documents only those a handler binds, so
/// <c>streamId</c>, read by the group's filter, was missing), and every
/// <see cref="DocumentedParameter"/> is added or, for one already there, fills in its description
/// and schema. Parameters are listed path first (in the route's order), then query, then header.
/// </summary>
internal sealed class OpenApiParameters : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var documented = metadata.OfType<DocumentedParameter>().ToList();
        var parameters = operation.Parameters ??= [];
        foreach (var name in RouteParameterNames(context.Description.RelativePath))
        {
            if (!parameters.Any(p => p.In == ParameterLocation.Path && p.Name == name))
            {
                parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
            }
        }
        foreach (var doc in documented)
        {
            if (doc.In == ParameterLocation.Path && !parameters.Any(p => p.In == ParameterLocation.Path && p.Name == doc.Name))
            {
                continue; // a group-wide description of a route parameter this route does not have
            }
            var existing = parameters.OfType<OpenApiParameter>().FirstOrDefault(p => p.In == doc.In && string.Equals(p.Name, doc.Name, StringComparison.OrdinalIgnoreCase));
            if (existing is null)
            {
                existing = new OpenApiParameter { Name = doc.Name, In = doc.In };
                parameters.Add(existing);
            }
            existing.Description = doc.Description;
            existing.Required = doc.Required || doc.In == ParameterLocation.Path;
            existing.Schema = Schema(doc);
        }
        var order = RouteParameterNames(context.Description.RelativePath).ToList();
        operation.Parameters = [.. parameters
            .OrderBy(p => p.In switch { ParameterLocation.Path => 0, ParameterLocation.Query => 1, _ => 2 })
            .ThenBy(p => p.In == ParameterLocation.Path ? order.IndexOf(p.Name ?? "") : 0)];
        return Task.CompletedTask;
    }

    /// <summary>The names in a route template such as <c>a/{streamId}/contacts/{id}</c>, constraints removed.</summary>
    public static IEnumerable<string> RouteParameterNames(string? template)
    {
        foreach (var segment in (template ?? "").Split('/'))
        {
            if (segment.Length > 2 && segment[0] == '{' && segment[^1] == '}')
            {
                yield return segment[1..^1].Split(':', '=', '?')[0].TrimStart('*');
            }
        }
    }

    private static OpenApiSchema Schema(DocumentedParameter doc)
    {
        var schema = new OpenApiSchema { Type = doc.Type, Pattern = doc.Pattern };
        if (doc.Minimum is { } min)
        {
            schema.Minimum = min.ToString(CultureInfo.InvariantCulture);
        }
        if (doc.Maximum is { } max)
        {
            schema.Maximum = max.ToString(CultureInfo.InvariantCulture);
        }
        if (doc.Values is { } values)
        {
            schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
        }
        return schema;
    }
}
