using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Callbook.Hosting.OpenApi;

/// <summary>
/// Completes each operation's parameters from the code that reads them: every <c>{name}</c> of the
/// route becomes a required path parameter; every parameter a handler binds gets its description and
/// schema from the attributes of its binding property or type (<see cref="DescriptionAttribute"/>,
/// <see cref="SchemaDefaultAttribute"/>, <see cref="RangeAttribute"/>, <see cref="AllowedValuesAttribute"/>,
/// <see cref="SchemaPatternAttribute"/>, <see cref="RequiredAttribute"/>): values are bound as raw text so
/// that Callbook answers bad ones itself, so the schema says what the reading code accepts, not the CLR
/// type. Filters describe what they read with <see cref="DocumentedParameter"/> metadata. A
/// <see cref="FileUploadMetadata"/> becomes a multipart request body, a <see cref="FileResponseMetadata"/>
/// a file media type of a response. Parameters are listed path first (in the route's order), then
/// query, then header, the filters' before the handler's.
/// </summary>
internal sealed class OpenApiParameters : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var documented = metadata.OfType<DocumentedParameter>()
            .Concat(context.Description.ParameterDescriptions.Select(FromAttributes).OfType<DocumentedParameter>())
            .ToList();
        var parameters = operation.Parameters ??= [];
        var order = RouteParameterNames(context.Description.RelativePath).ToList();
        foreach (var name in order)
        {
            if (!parameters.Any(p => p.In == ParameterLocation.Path && p.Name == name))
            {
                parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
            }
        }
        foreach (var doc in documented)
        {
            if (doc.In == ParameterLocation.Path && !order.Contains(doc.Name))
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
            // Bound as raw text (StringValues), which the generator describes as an exploded array: back to the location's defaults.
            existing.Style = null;
            existing.Explode = existing.Style == ParameterStyle.Form;
        }
        operation.Parameters = [.. parameters
            .OrderBy(p => p.In switch { ParameterLocation.Path => 0, ParameterLocation.Query => 1, _ => 2 })
            .ThenBy(p => p.In == ParameterLocation.Path ? order.IndexOf(p.Name ?? "") : documented.FindIndex(d => d.In == p.In && string.Equals(d.Name, p.Name, StringComparison.OrdinalIgnoreCase)))];
        if (metadata.OfType<FileUploadMetadata>().LastOrDefault() is { } upload)
        {
            operation.RequestBody = Upload(upload);
        }
        foreach (var file in metadata.OfType<FileResponseMetadata>())
        {
            var status = file.Status.ToString(CultureInfo.InvariantCulture);
            if (operation.Responses?.TryGetValue(status, out var found) == true && found is OpenApiResponse response)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                response.Content[file.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            }
        }
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

    /// <summary>The parameter a handler binds, as its attributes describe it; null for one without a description (a body, a service).</summary>
    private static DocumentedParameter? FromAttributes(ApiParameterDescription parameter)
    {
        ParameterLocation? location = parameter.Source == BindingSource.Query ? ParameterLocation.Query
            : parameter.Source == BindingSource.Header ? ParameterLocation.Header
            : parameter.Source == BindingSource.Path ? ParameterLocation.Path
            : null;
        if (location is null || parameter.ParameterDescriptor is not IParameterInfoParameterDescriptor { ParameterInfo: { } info })
        {
            return null;
        }
        var attributes = info.GetCustomAttributes(true).Concat(info.ParameterType.GetCustomAttributes(true)).ToList();
        if (attributes.OfType<DescriptionAttribute>().FirstOrDefault() is not { } description)
        {
            return null;
        }
        var fallback = attributes.OfType<SchemaDefaultAttribute>().FirstOrDefault()?.Value;
        var range = attributes.OfType<RangeAttribute>().FirstOrDefault();
        var type = fallback switch
        {
            bool => JsonSchemaType.Boolean,
            int or long => JsonSchemaType.Integer,
            null when range is not null => JsonSchemaType.Integer,
            _ => JsonSchemaType.String,
        };
        return new DocumentedParameter(parameter.Name, location.Value, description.Description, type,
            Required: attributes.OfType<RequiredAttribute>().Any(),
            Minimum: range is null ? null : Convert.ToInt64(range.Minimum, CultureInfo.InvariantCulture),
            Maximum: range is null ? null : Convert.ToInt64(range.Maximum, CultureInfo.InvariantCulture),
            Values: attributes.OfType<AllowedValuesAttribute>().FirstOrDefault()?.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)!).ToList(),
            Pattern: attributes.OfType<SchemaPatternAttribute>().FirstOrDefault()?.Pattern,
            Default: fallback);
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
        schema.Default = doc.Default switch
        {
            null => null,
            bool b => JsonValue.Create(b),
            int i => JsonValue.Create(i),
            long l => JsonValue.Create(l),
            var other => JsonValue.Create(Convert.ToString(other, CultureInfo.InvariantCulture)),
        };
        return schema;
    }

    /// <summary>multipart/form-data with the file in its field (any declared media type is read as multipart when the body has a boundary).</summary>
    private static OpenApiRequestBody Upload(FileUploadMetadata upload)
    {
        var file = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = upload.Description };
        var form = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { upload.Field },
            Properties = new Dictionary<string, IOpenApiSchema> { [upload.Field] = file },
        };
        return new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = new() { Schema = form } },
        };
    }
}
