using System.Reflection;
using System.Text.Json;
using Callbook.Api.Contacts;
using Callbook.Api.Errors;
using Microsoft.AspNetCore.Http.Metadata;

namespace Callbook.Api.Requests;

/// <summary>
/// A JSON request body whose type reads it: bound empty (so the framework never reads or refuses the
/// body), then read by <see cref="RequestParts"/> before the handler runs, under the size and depth
/// limits of <see cref="JsonBody"/>. The type documents the body as <typeparamref name="TSchema"/>
/// (application/json) and the refusals reading it can give: 400, 413 and 415.
/// </summary>
/// <typeparam name="TSelf">The body type itself.</typeparam>
/// <typeparam name="TSchema">The shape the OpenAPI document shows for the body.</typeparam>
public abstract class JsonRequestBody<TSelf, TSchema> : IRequestPart, IBindableFromHttpContext<TSelf>, IEndpointParameterMetadataProvider
    where TSelf : JsonRequestBody<TSelf, TSchema>, new()
{
    public static ValueTask<TSelf?> BindAsync(HttpContext context, ParameterInfo parameter) => ValueTask.FromResult<TSelf?>(new TSelf());

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        // Also what routing matches on: another Content-Type is a 415 before the endpoint runs.
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(TSchema)));
        ErrorResult.Document(builder, StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
    }

    public async ValueTask<ErrorResult?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (document, error) = await context.RequestServices.GetRequiredService<JsonBody>().ReadAsync(context.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        using (document)
        {
            return await ReadAsync(document!.RootElement, context.RequestServices, cancellationToken);
        }
    }

    /// <summary>The body is read; the handler may run.</summary>
    protected static ValueTask<ErrorResult?> Accepted() => ValueTask.FromResult<ErrorResult?>(null);

    /// <summary>The body is refused as a whole with <paramref name="error"/>.</summary>
    protected static ValueTask<ErrorResult?> Refused(ErrorResult error) => ValueTask.FromResult<ErrorResult?>(error);

    /// <summary>Reads the parsed body into this object (nothing of <paramref name="root"/> may be kept: the document is disposed after); an answer when the body is refused as a whole.</summary>
    protected abstract ValueTask<ErrorResult?> ReadAsync(JsonElement root, IServiceProvider services, CancellationToken cancellationToken);
}
