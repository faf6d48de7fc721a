using System.Globalization;
using Callbook.Contacts;
using Callbook.Errors;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Callbook.Api.Contacts;

/// <summary>A contact's ETag is its version: <c>"v3"</c>. If-Match compares strongly; "*" matches any contact.</summary>
public static class ETags
{
    public static string For(Contact contact) => For(contact.Version);

    public static string For(long version) => "\"v" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>The versions an If-Match header accepts: null when absent or "*"; an unknown tag becomes -1, which no contact has.</summary>
    public static IReadOnlyList<long>? Parse(StringValues header)
    {
        // Strict: the lenient parser reads a malformed header such as "*/ x" as "*" and would let the write through.
        if (header.Count == 0 || !EntityTagHeaderValue.TryParseStrictList(header, out var tags))
        {
            return header.Count == 0 ? null : [-1];
        }
        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any)))
        {
            return null;
        }
        return [.. tags.Select(t => !t.IsWeak && TryVersion(t.Tag.Value, out var v) ? v : -1)];
    }

    /// <summary>
    /// The version a bulk update record's optional <c>version</c> (a whole number ≥ 1) or <c>etag</c>
    /// (the ETag as read, <c>"v3"</c>, with or without its quotes) names, null when it has neither.
    /// A value of the wrong JSON type or form is an <c>INVALID_FIELD</c> error of the record (never
    /// ignored: a client that sends one relies on the check). <c>version</c> wins when both are given.
    /// </summary>
    public static long? FromRecord(System.Text.Json.JsonElement record, List<ApiError> errors, int index)
    {
        if (record.TryGetProperty("version", out var version) && version.ValueKind != System.Text.Json.JsonValueKind.Null)
        {
            if (version.ValueKind == System.Text.Json.JsonValueKind.Number && version.TryGetInt64(out var v) && v >= 1)
            {
                return v;
            }
            errors.Add(new ApiError("version must be a whole number from 1 (the contact's version, as its ETag \"v3\" says)", ErrorCodes.InvalidField, "version", index));
            return null;
        }
        if (record.TryGetProperty("etag", out var etag) && etag.ValueKind != System.Text.Json.JsonValueKind.Null)
        {
            var text = etag.ValueKind == System.Text.Json.JsonValueKind.String ? etag.GetString()! : null;
            if (text is not null && TryVersion(text.StartsWith('"') ? text : "\"" + text + "\"", out var v) && v >= 1)
            {
                return v;
            }
            errors.Add(new ApiError("etag must be the contact's ETag as read, a string such as \"v3\"", ErrorCodes.InvalidField, "etag", index));
        }
        return null;
    }

    public static void Set(HttpResponse response, Contact contact) => response.Headers.ETag = For(contact);

    private static bool TryVersion(string? quoted, out long version)
    {
        version = 0;
        return quoted is { Length: > 3 } && quoted[0] == '"' && quoted[1] == 'v' && quoted[^1] == '"' &&
               long.TryParse(quoted.AsSpan(2, quoted.Length - 3), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
