using System.Text;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Json;
using Callbook.Errors;
using Callbook.Hosting;
using Callbook.Import;
using Callbook.Phones;
using Callbook.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Callbook.Api.Contacts;

/// <summary>
/// POST /contacts/import-contacts: a CSV in the multipart field <c>result_file</c>. The upload is
/// streamed to a temporary file (so a slow client never holds the database's write lock), then
/// parsed row by row inside one transaction. Atomic unless <c>?partial=true</c>.
/// </summary>
public static class ImportContacts
{
    public const string FileField = "result_file";

    public static async Task<IResult> HandleAsync(HttpRequest request, Caller caller, IContactStore store, IOptions<CallbookLimits> limits, PhoneRules phoneRules, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var errors = new List<ApiError>();
        var partial = ReadFlag(request, "partial", errors);
        var summary = ReadFlag(request, "summary", errors);
        if (errors.Count > 0)
        {
            return ApiResults.BadRequest(errors);
        }
        var (file, error) = await SpoolUploadAsync(request, limits.Value, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        await using (file)
        {
            using var text = CsvContactReader.CreateTextReader(file!);
            ImportResult result;
            try
            {
                var (csv, headerError) = await CsvContactReader.OpenAsync(text, limits.Value.ImportRows, phoneRules, cancellationToken);
                if (headerError is not null)
                {
                    return ApiResults.BadRequest([headerError]);
                }
                var options = new ImportOptions(partial, KeepCreated: !summary);
                result = await store.ImportContactsAsync(caller.Scope, caller.Actor, csv!.ReadRowsAsync(cancellationToken), options, cancellationToken);
            }
            catch (ImportLimitException e)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, e.Message, ErrorCodes.TooManyRecords);
            }
            catch (DecoderFallbackException)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "the file is not valid UTF-8", ErrorCodes.InvalidCsv);
            }

            loggers.CreateLogger(typeof(ImportContacts)).LogInformation(
                "Imported {Imported} of {Rows} rows into {StreamId} ({Failed} failed)", result.Imported, result.TotalRows, caller.Scope.StreamId, result.Failed);
            if (result.TotalRows == 0)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "the file has a header but no data row", ErrorCodes.EmptyRequest);
            }
            if (result.Failed > 0 && !partial)
            {
                return ApiResults.BadRequest(result.Errors);
            }
            var contacts = result.Created?.Select(c => ContactResponse.From(c)).ToList();
            if (summary || partial)
            {
                var body = new ImportSummary(result.TotalRows, result.Imported, result.Failed, result.Errors, summary ? null : contacts);
                return Results.Json(body, CallbookJson.Context.ImportSummary, contentType: "application/json", statusCode: StatusCodes.Status201Created);
            }
            return Results.Json(contacts!, CallbookJson.Context.IReadOnlyListContactResponse, contentType: "application/json", statusCode: StatusCodes.Status201Created);
        }
    }

    private static bool ReadFlag(HttpRequest request, string name, List<ApiError> errors)
    {
        var values = request.Query[name];
        if (values.Count == 0)
        {
            return false;
        }
        switch (values.Count == 1 ? values[0]?.ToLowerInvariant() : null)
        {
            case "true" or "1":
                return true;
            case "false" or "0":
                return false;
            default:
                errors.Add(new ApiError($"{name} must be true or false", ErrorCodes.InvalidQuery, name));
                return false;
        }
    }

    /// <summary>
    /// Copies the <c>result_file</c> part to a self-deleting temporary file, enforcing the size limits:
    /// the file at most <see cref="CallbookLimits.ImportFileBytes"/>, the whole body at most
    /// <see cref="CallbookLimits.ImportBodyBytes"/>. Going over either is a 413 wherever it happens: a
    /// declared Content-Length, a chunked body that runs long, a large form field before the file, the
    /// file itself, or Kestrel's own limit.
    /// </summary>
    private static async Task<(FileStream? File, IResult? Error)> SpoolUploadAsync(HttpRequest request, CallbookLimits limits, CancellationToken cancellationToken)
    {
        // A body with a boundary is read as multipart whatever media type it declares: the vendor's own
        // sample sends curl --form with "content-type: application/json;charset=UTF-8", which curl
        // completes with the form's boundary.
        var (maxBytes, maxBody) = (limits.ImportFileBytes, limits.ImportBodyBytes);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            HeaderUtilities.RemoveQuotes(contentType.Boundary).Length is 0 or > 200)
        {
            return (null, ApiResults.Error(StatusCodes.Status415UnsupportedMediaType,
                $"send the CSV as multipart/form-data in the field {FileField}", ErrorCodes.UnsupportedMediaType));
        }
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value!;
        if (request.ContentLength > maxBody)
        {
            return (null, BodyTooLarge(maxBody));
        }
        // The limit counts the whole body, so it holds for chunked uploads and for fields before the file.
        await using var body = new LimitedStream(request.Body, maxBody);
        var reader = new MultipartReader(boundary, body) { HeadersLengthLimit = 16 * 1024 };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                    !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, FileField, StringComparison.Ordinal))
                {
                    continue; // other form fields are ignored; MultipartReader skips their bodies
                }
                var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                    FileOptions.DeleteOnClose | FileOptions.Asynchronous | FileOptions.SequentialScan);
                try
                {
                    await new LimitedStream(section.Body, maxBytes).CopyToAsync(file, cancellationToken);
                }
                catch
                {
                    await file.DisposeAsync();
                    throw;
                }
                file.Position = 0;
                return (file, null);
            }
        }
        catch (LimitExceededException) when (body.Position <= maxBody)
        {
            return (null, ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"the file is larger than {maxBytes} bytes", ErrorCodes.PayloadTooLarge, FileField));
        }
        catch (LimitExceededException)
        {
            return (null, BodyTooLarge(maxBody));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, BodyTooLarge(maxBody));
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            return (null, ApiResults.Error(StatusCodes.Status400BadRequest, "the multipart body is malformed", ErrorCodes.InvalidBody));
        }
        catch (InvalidDataException)
        {
            return (null, ApiResults.Error(StatusCodes.Status400BadRequest, "the multipart body is malformed", ErrorCodes.InvalidBody));
        }
        return (null, ApiResults.Error(StatusCodes.Status400BadRequest, $"the form has no file field {FileField}", ErrorCodes.RequiredField, FileField));
    }

    private static IResult BodyTooLarge(long maxBody) => ApiResults.Error(StatusCodes.Status413PayloadTooLarge,
        $"the request body is larger than {maxBody} bytes (the file limit and {CallbookLimits.MultipartOverheadBytes} bytes for the form around it)", ErrorCodes.PayloadTooLarge);
}
