using Callbook.Api.Errors;
using Callbook.Errors;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Callbook.Api.Contacts;

/// <summary>The <c>result_file</c> part of an import, spooled to a self-deleting temporary file, with the charset its Content-Type names.</summary>
internal static class ImportUpload
{
    public const string FileField = "result_file";

    /// <summary>Copies the file part to a temporary file, enforcing the size limit; the file is positioned at 0.</summary>
    public static async Task<(FileStream? File, string? Charset, IResult? Error)> SpoolAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(contentType.Boundary).Length is 0 or > 200)
        {
            return (null, null, ApiResults.Error(StatusCodes.Status415UnsupportedMediaType,
                $"send the file as multipart/form-data in the field {FileField}", ErrorCodes.UnsupportedMediaType));
        }
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value!;
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                    !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, FileField, StringComparison.Ordinal))
                {
                    continue; // other form fields are ignored; MultipartReader skips their bodies
                }
                var charset = MediaTypeHeaderValue.TryParse(section.ContentType, out var partType) ? HeaderUtilities.RemoveQuotes(partType.Charset).Value : null;
                var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                    FileOptions.DeleteOnClose | FileOptions.Asynchronous | FileOptions.SequentialScan);
                try
                {
                    await new LimitedStream(section.Body, maxBytes).CopyToAsync(file, cancellationToken);
                }
                catch (LimitExceededException)
                {
                    await file.DisposeAsync();
                    return (null, null, ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"the file is larger than {maxBytes} bytes", ErrorCodes.PayloadTooLarge, FileField));
                }
                file.Position = 0;
                return (file, charset, null);
            }
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            return (null, null, ApiResults.Error(StatusCodes.Status400BadRequest, "the multipart body is malformed", ErrorCodes.InvalidBody));
        }
        catch (InvalidDataException)
        {
            return (null, null, ApiResults.Error(StatusCodes.Status400BadRequest, "the multipart body is malformed", ErrorCodes.InvalidBody));
        }
        return (null, null, ApiResults.Error(StatusCodes.Status400BadRequest, $"the form has no file field {FileField}", ErrorCodes.RequiredField, FileField));
    }
}
