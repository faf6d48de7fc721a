using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace Callbook.Api.Json;

/// <summary>
/// A typed JSON answer written with the API's source-generated serializer context (camelCase,
/// nulls left out, '+' written as itself), byte for byte what <c>Results.Json</c> writes with it.
/// Handlers return it inside <c>Results&lt;…&gt;</c> so that the OpenAPI document derives the
/// status and body type from the handler's signature.
/// </summary>
public abstract class JsonAnswer<T>(T value, JsonTypeInfo<T> typeInfo, int statusCode) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
{
    public int? StatusCode => statusCode;

    public T Value => value;

    object? IValueHttpResult.Value => value;

    public Task ExecuteAsync(HttpContext httpContext) =>
        Results.Json(value, typeInfo, contentType: "application/json", statusCode: statusCode).ExecuteAsync(httpContext);

    /// <summary>Adds the answer's status and type to the endpoint's metadata.</summary>
    protected static void Document(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(T), ["application/json"]));
}

/// <summary>200 with a JSON body of type <typeparamref name="T"/>.</summary>
public sealed class JsonOk<T>(T value, JsonTypeInfo<T> typeInfo) : JsonAnswer<T>(value, typeInfo, StatusCodes.Status200OK), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Document(builder, StatusCodes.Status200OK);
}

/// <summary>201 with a JSON body of type <typeparamref name="T"/>.</summary>
public sealed class JsonCreated<T>(T value, JsonTypeInfo<T> typeInfo) : JsonAnswer<T>(value, typeInfo, StatusCodes.Status201Created), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Document(builder, StatusCodes.Status201Created);
}

/// <summary>202 with a JSON body of type <typeparamref name="T"/>.</summary>
public sealed class JsonAccepted<T>(T value, JsonTypeInfo<T> typeInfo) : JsonAnswer<T>(value, typeInfo, StatusCodes.Status202Accepted), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Document(builder, StatusCodes.Status202Accepted);
}
