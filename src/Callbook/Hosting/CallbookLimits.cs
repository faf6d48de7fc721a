namespace Callbook.Hosting;

/// <summary>Input limits, section "Callbook:Limits" of the configuration.</summary>
public sealed class CallbookLimits
{
    /// <summary>Largest JSON request body (create, update, bulk update, bulk delete).</summary>
    public long JsonBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest CSV file an import takes.</summary>
    public long ImportFileBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>What a multipart import body may hold beyond its file: boundaries, part headers, small form fields.</summary>
    public const long MultipartOverheadBytes = 1024 * 1024;

    /// <summary>Largest whole import request body (the file and <see cref="MultipartOverheadBytes"/>); also Kestrel's body limit.</summary>
    public long ImportBodyBytes => ImportFileBytes + MultipartOverheadBytes;

    /// <summary>A size as people read it: whole MB (MiB) from 1 MB up, otherwise whole KB.</summary>
    public static string Describe(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes / 1024} KB";

    /// <summary>Most data rows an import takes.</summary>
    public long ImportRows { get; set; } = 1_000_000;

    /// <summary>Most records in one create, bulk update or bulk delete (the contract's 1000 by default).</summary>
    public int RecordsPerRequest { get; set; } = Contacts.ContactRules.MaxRecordsPerRequest;

    /// <summary>Deepest JSON nesting accepted in a body.</summary>
    public int JsonDepth { get; set; } = 32;

    /// <summary>Most query parameters on one request.</summary>
    public int QueryParameters { get; set; } = 20;

    /// <summary>Longest request line (method, target with its query, protocol): 414 <c>URI_TOO_LONG</c> beyond.</summary>
    public int RequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>Total size of the request headers (each counted as name, value and 4 bytes of framing): 431 <c>HEADERS_TOO_LARGE</c> beyond.</summary>
    public int HeaderBytes { get; set; } = 32 * 1024;

    /// <summary>Number of request headers: 431 <c>HEADERS_TOO_LARGE</c> beyond.</summary>
    public int HeaderCount { get; set; } = 64;

    /// <summary>
    /// Kestrel's own limits on the request line and headers are this many times ours: a request over
    /// ours still reaches the application and gets a JSON error; only one over Kestrel's (4× ours) is
    /// refused by Kestrel itself, with an empty body.
    /// </summary>
    public const int ServerLimitFactor = 4;

    /// <summary>Kestrel: time to receive the request headers (slow-loris clients are cut off).</summary>
    public int HeadersTimeoutSeconds { get; set; } = 15;

    /// <summary>Kestrel: slowest accepted body upload, bytes per second after a 5 s grace.</summary>
    public int MinBodyBytesPerSecond { get; set; } = 240;

    /// <summary>
    /// What is wrong with these limits, one message per limit; empty when they can work. Every limit
    /// is at least 1 (a 0 or a negative one would refuse every request); the three Kestrel multiplies
    /// by <see cref="ServerLimitFactor"/> must stay within its range.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void AtLeastOne(string name, long value, long max = long.MaxValue)
        {
            if (value < 1 || value > max)
            {
                problems.Add(max == long.MaxValue
                    ? $"Callbook:Limits:{name} is {value}: it must be at least 1"
                    : $"Callbook:Limits:{name} is {value}: it must be from 1 to {max}");
            }
        }
        AtLeastOne(nameof(JsonBodyBytes), JsonBodyBytes);
        AtLeastOne(nameof(ImportFileBytes), ImportFileBytes, long.MaxValue - MultipartOverheadBytes);
        AtLeastOne(nameof(ImportRows), ImportRows);
        AtLeastOne(nameof(RecordsPerRequest), RecordsPerRequest);
        AtLeastOne(nameof(JsonDepth), JsonDepth, 1000);
        AtLeastOne(nameof(QueryParameters), QueryParameters);
        AtLeastOne(nameof(RequestLineBytes), RequestLineBytes, int.MaxValue / ServerLimitFactor);
        AtLeastOne(nameof(HeaderBytes), HeaderBytes, int.MaxValue / ServerLimitFactor);
        AtLeastOne(nameof(HeaderCount), HeaderCount, int.MaxValue / ServerLimitFactor);
        AtLeastOne(nameof(HeadersTimeoutSeconds), HeadersTimeoutSeconds);
        AtLeastOne(nameof(MinBodyBytesPerSecond), MinBodyBytesPerSecond);
        return problems;
    }
}

/// <summary>Rate limits per app and stream, section "Callbook:RateLimits".</summary>
public sealed class RateLimitOptions
{
    public int PerMinute { get; set; } = 600;

    public int PerHour { get; set; } = 18_000;
}

/// <summary>Refuses <see cref="CallbookLimits"/> that cannot work, with one message per limit (<see cref="CallbookLimits.Problems"/>).</summary>
internal sealed class CallbookLimitsValidation : Microsoft.Extensions.Options.IValidateOptions<CallbookLimits>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, CallbookLimits options) =>
        options.Problems() is { Count: > 0 } problems
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
