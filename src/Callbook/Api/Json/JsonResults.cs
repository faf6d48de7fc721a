using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Callbook.Contacts;
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

/// <summary>
/// 201 with the created contacts as a JSON array, written by <see cref="ContactJson"/> as they are
/// serialized, flushed to the client every few hundred; documented as <c>ContactResponse[]</c>.
/// </summary>
public sealed class JsonContactsCreated(IReadOnlyList<Contact> contacts) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    private const int FlushEvery = 256;

    public int? StatusCode => StatusCodes.Status201Created;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.ContentType = "application/json";
        await using var writer = ContactJson.CreateWriter(response.BodyWriter);
        writer.WriteStartArray();
        for (var i = 0; i < contacts.Count; i++)
        {
            ContactJson.Write(writer, contacts[i]);
            if (i % FlushEvery == FlushEvery - 1)
            {
                writer.Flush();
                await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
            }
        }
        writer.WriteEndArray();
        writer.Flush();
        // The body may be a stream the idempotency filter captures: what the pipe holds must reach it now.
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(ContactResponse[]), ["application/json"]));
}

/// <summary>202 with a JSON body of type <typeparamref name="T"/>.</summary>
public sealed class JsonAccepted<T>(T value, JsonTypeInfo<T> typeInfo) : JsonAnswer<T>(value, typeInfo, StatusCodes.Status202Accepted), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Document(builder, StatusCodes.Status202Accepted);
}
