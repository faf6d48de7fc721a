using System.Globalization;
using Callbook.Contacts;
using Microsoft.Net.Http.Headers;

namespace Callbook.Api.Contacts;

/// <summary>A contact's ETag is its version: <c>"v3"</c>. If-Match compares strongly; "*" matches any contact.</summary>
public static class ETags
{
    public static string For(Contact contact) => For(contact.Version);

    public static string For(long version) => "\"v" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>The versions an If-Match header accepts: null when absent or "*"; an unknown tag becomes -1, which no contact has.</summary>
    public static IReadOnlyList<long>? Parse(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
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

    /// <summary>The version a record's optional "version" (number) or "etag" (string) names; -1 when it is unusable.</summary>
    public static long? FromRecord(System.Text.Json.JsonElement record)
    {
        if (record.TryGetProperty("version", out var version) && version.ValueKind != System.Text.Json.JsonValueKind.Null)
        {
            return version.TryGetInt64(out var v) ? v : -1;
        }
        if (record.TryGetProperty("etag", out var etag) && etag.ValueKind == System.Text.Json.JsonValueKind.String)
        {
            var text = etag.GetString()!;
            return TryVersion(text.StartsWith('"') ? text : "\"" + text + "\"", out var v) ? v : -1;
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
