using System.Reflection;
using Callbook.Api.Errors;
using Callbook.Api.Requests;
using Callbook.Errors;
using Callbook.Hosting;
using Callbook.Hosting.OpenApi;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Callbook.Api.Contacts;

/// <summary>
/// The body of an import: a multipart form whose <c>result_file</c> part is spooled to a self-deleting
/// temporary file before the handler runs, with the charset its Content-Type names. Bound empty (the
/// framework never reads the body); documents the form and its refusals (400, 413, 415).
/// </summary>
public sealed class ImportUpload : IRequestPart, IBindableFromHttpContext<ImportUpload>, IEndpointParameterMetadataProvider
{
    public const string FileField = "result_file";

    /// <summary>The spooled file, positioned at 0 (read); disposed with the request at the latest.</summary>
    public FileStream File { get; private set; } = null!;

    /// <summary>The charset of the file part's Content-Type, or null (read).</summary>
    public string? Charset { get; private set; }

    public static ValueTask<ImportUpload?> BindAsync(HttpContext context, ParameterInfo parameter) => ValueTask.FromResult<ImportUpload?>(new ImportUpload());

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        // Not AcceptsMetadata: routing would answer 415 to the vendor's own sample, a multipart body declared as application/json.
        builder.Metadata.Add(new FileUploadMetadata(FileField,
            "The CSV, UTF-8: a header row naming firstName, lastName, salutation, cellPhoneNumber, cellPhoneCountryCode, cellPhoneExtension (any order), then one contact per row."));
        ErrorResult.Document(builder, StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
    }

    public async ValueTask<ErrorResult?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var (file, charset, error) = await SpoolAsync(context.Request, context.RequestServices.GetRequiredService<IOptions<CallbookLimits>>().Value, cancellationToken);
        if (file is not null)
        {
            context.Response.RegisterForDisposeAsync(file);
            (File, Charset) = (file, charset);
        }
        return error;
    }

    /// <summary>
    /// Copies the file part to a temporary file positioned at 0, enforcing the size limits: the file at
    /// most <see cref="CallbookLimits.ImportFileBytes"/>, the whole body at most
    /// <see cref="CallbookLimits.ImportBodyBytes"/>. Going over either is a 413 wherever it happens: a
    /// declared Content-Length, a chunked body that runs long, a large form field before the file, the
    /// file itself, or Kestrel's own limit. A form with a second <c>result_file</c> part is a 400 (one file per request).
    /// </summary>
    private static async Task<(FileStream? File, string? Charset, ErrorResult? Error)> SpoolAsync(HttpRequest request, CallbookLimits limits, CancellationToken cancellationToken)
    {
        // A body with a boundary is read as multipart whatever media type it declares: the vendor's own
        // sample sends curl --form with "content-type: application/json;charset=UTF-8", which curl
        // completes with the form's boundary.
        var (maxBytes, maxBody) = (limits.ImportFileBytes, limits.ImportBodyBytes);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            HeaderUtilities.RemoveQuotes(contentType.Boundary).Length is 0 or > 200)
        {
            return (null, null, ApiResults.Error<UnsupportedMediaTypeError>(
                $"send the file as multipart/form-data in the field {FileField}", ErrorCodes.UnsupportedMediaType));
        }
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value!;
        if (request.ContentLength > maxBody)
        {
            return (null, null, BodyTooLarge(maxBody));
        }
        // The limit counts the whole body, so it holds for chunked uploads and for fields before the file.
        await using var body = new LimitedStream(request.Body, maxBody);
        var reader = new MultipartReader(boundary, body) { HeadersLengthLimit = 16 * 1024 };
        FileStream? file = null;
        string? charset = null;
        ErrorResult? error = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                    !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, FileField, StringComparison.Ordinal))
                {
                    continue; // other form fields are ignored; MultipartReader skips their bodies
                }
                if (file is not null)
                {
                    // Importing only the first would silently drop the others' rows.
                    await file.DisposeAsync();
                    return (null, null, ApiResults.BadRequest(
                        $"send one file per request: the form has more than one {FileField} part", ErrorCodes.InvalidBody, FileField));
                }
                charset = MediaTypeHeaderValue.TryParse(section.ContentType, out var partType) ? HeaderUtilities.RemoveQuotes(partType.Charset).Value : null;
                file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                    FileOptions.DeleteOnClose | FileOptions.Asynchronous | FileOptions.SequentialScan);
                await new LimitedStream(section.Body, maxBytes).CopyToAsync(file, cancellationToken);
            }
        }
        catch (LimitExceededException) when (body.Position <= maxBody)
        {
            error = ApiResults.Error<PayloadTooLargeError>($"the file is larger than {maxBytes} bytes", ErrorCodes.PayloadTooLarge, FileField);
        }
        catch (LimitExceededException)
        {
            error = BodyTooLarge(maxBody);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            error = BodyTooLarge(maxBody);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            error = ApiResults.BadRequest("the multipart body is malformed", ErrorCodes.InvalidBody);
        }
        catch (InvalidDataException)
        {
            error = ApiResults.BadRequest("the multipart body is malformed", ErrorCodes.InvalidBody);
        }
        catch
        {
            // Cancelled or failed: the spooled part is deleted, not left to the finalizer.
            await (file?.DisposeAsync() ?? ValueTask.CompletedTask);
            throw;
        }
        if (error is not null)
        {
            await (file?.DisposeAsync() ?? ValueTask.CompletedTask);
            return (null, null, error);
        }
        if (file is null)
        {
            return (null, null, ApiResults.BadRequest($"the form has no file field {FileField}", ErrorCodes.RequiredField, FileField));
        }
        file.Position = 0;
        return (file, charset, null);
    }

    private static PayloadTooLargeError BodyTooLarge(long maxBody) => ApiResults.Error<PayloadTooLargeError>(
        $"the request body is larger than {maxBody} bytes (the file limit and {CallbookLimits.MultipartOverheadBytes} bytes for the form around it)", ErrorCodes.PayloadTooLarge);
}
