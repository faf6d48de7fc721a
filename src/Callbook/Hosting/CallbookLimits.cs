namespace Callbook.Hosting;

/// <summary>Input limits, section "Callbook:Limits" of the configuration.</summary>
public sealed class CallbookLimits
{
    /// <summary>Largest JSON request body (create, update, bulk update, bulk delete).</summary>
    public long JsonBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest CSV file an import takes.</summary>
    public long ImportFileBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>Most data rows an import takes.</summary>
    public long ImportRows { get; set; } = 1_000_000;
}

/// <summary>Rate limits per app and stream, section "Callbook:RateLimits".</summary>
public sealed class RateLimitOptions
{
    public int PerMinute { get; set; } = 600;

    public int PerHour { get; set; } = 18_000;
}
