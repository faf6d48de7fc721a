using System.Text.Json;
using Callbook.Api.Errors;
using Callbook.Errors;
using Callbook.Hosting;
using Microsoft.Extensions.Options;

namespace Callbook.Api.Contacts;

/// <summary>
/// Reads a JSON request body under the configured size and depth limits. Malformed JSON
/// is answered with where it breaks (line and position, 1-based).
/// </summary>
public sealed class JsonBody(IOptions<CallbookLimits> limits)
{
    /// <summary>Most records one create, bulk update or bulk delete may carry.</summary>
    public int RecordsPerRequest => limits.Value.RecordsPerRequest;

    public async Task<(JsonDocument? Document, ErrorResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, ApiResults.Error<UnsupportedMediaTypeError>(
                "this endpoint takes a JSON body: send Content-Type: application/json", ErrorCodes.UnsupportedMediaType));
        }
        // JSON between systems is UTF-8 (RFC 8259 §8.1); a body declared in another charset would be misread.
        if (Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.Charset.HasValue
            && Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(type.Charset).Value?.ToUpperInvariant() is not ("UTF-8" or "UTF8"))
        {
            return (null, ApiResults.Error<UnsupportedMediaTypeError>(
                $"this endpoint reads JSON as UTF-8 only: charset={type.Charset} is not supported (send charset=utf-8 or no charset)", ErrorCodes.UnsupportedMediaType));
        }
        var max = limits.Value.JsonBodyBytes;
        if (request.ContentLength > max)
        {
            return (null, TooLarge(max));
        }
        try
        {
            await using var body = new LimitedStream(request.Body, max);
            var document = await JsonDocument.ParseAsync(body, new JsonDocumentOptions { MaxDepth = limits.Value.JsonDepth }, cancellationToken);
            if (FindAmbiguousText(document.RootElement) is { } problem)
            {
                document.Dispose();
                return (null, ApiResults.BadRequest(problem, ErrorCodes.MalformedJson));
            }
            return (document, null);
        }
        catch (LimitExceededException)
        {
            return (null, TooLarge(max));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(max));
        }
        catch (JsonException e)
        {
            return (null, ApiResults.BadRequest(Describe(e), ErrorCodes.MalformedJson));
        }
    }

    /// <summary>
    /// JsonDocument accepts invalid UTF-8 and unpaired surrogate escapes (<c>\ud800</c>) inside strings and
    /// only throws when one is read, and it keeps a property named twice (which later breaks comparing
    /// stored objects): every name and string is decoded once here, up front, and names are checked
    /// to be unique within their object.
    /// </summary>
    private static string? FindAmbiguousText(JsonElement element)
    {
        try
        {
            return Walk(element);
        }
        catch (InvalidOperationException)
        {
            return "the request body holds a string that is not valid Unicode (invalid UTF-8 bytes or an unpaired surrogate escape)";
        }

        static string? Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var names = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var property in element.EnumerateObject())
                    {
                        if (!names.Add(property.Name))
                        {
                            var name = property.Name.Length > 100 ? property.Name[..100] + "…" : property.Name;
                            return $"the request body is not valid JSON: duplicate property '{name}' in one object";
                        }
                        if (Walk(property.Value) is { } problem)
                        {
                            return problem;
                        }
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (Walk(item) is { } problem)
                        {
                            return problem;
                        }
                    }
                    break;
                case JsonValueKind.String:
                    _ = element.GetString();
                    break;
            }
            return null;
        }
    }

    private static string Describe(JsonException e)
    {
        if (e.LineNumber is null)
        {
            return "the request body is not valid JSON";
        }
        var reason = e.Message;
        foreach (var tail in (string[])[" Path:", " LineNumber:"])
        {
            var cut = reason.IndexOf(tail, StringComparison.Ordinal);
            if (cut > 0)
            {
                reason = reason[..cut];
            }
        }
        return $"malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {reason}";
    }

    private static ErrorResult TooLarge(long max) =>
        ApiResults.Error<PayloadTooLargeError>($"the request body is larger than {max} bytes", ErrorCodes.PayloadTooLarge);
}

/// <summary>Passes reads through until a byte limit, then throws <see cref="LimitExceededException"/>.</summary>
public sealed class LimitedStream(Stream inner, long limit) : Stream
{
    private long total;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => total; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        total += read;
        return total > limit ? throw new LimitExceededException() : read;
    }
}

public sealed class LimitExceededException : Exception;
