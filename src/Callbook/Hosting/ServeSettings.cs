namespace Callbook.Hosting;

/// <summary>What the <c>serve</c> command line sets; unset values fall back to configuration and environment.</summary>
/// <param name="DbRead">--db-read: the PostgreSQL standbys contact reads go to.</param>
public sealed record ServeSettings(string? Db, string? Urls, bool NoDemo, bool Demo = false, string? DbRead = null)
{
    /// <summary>The configuration values the flags set (<see cref="CallbookHost.CreateBuilder"/> puts them above every other source).</summary>
    public IReadOnlyDictionary<string, string?> Overrides()
    {
        var overrides = new Dictionary<string, string?>();
        if (Db is not null)
        {
            overrides["Callbook:Db"] = Db;
        }
        if (DbRead is not null)
        {
            overrides["Callbook:DbRead"] = DbRead;
        }
        if (NoDemo)
        {
            overrides["Callbook:NoDemo"] = "true";
        }
        if (Demo)
        {
            overrides["Callbook:Demo"] = "true";
        }
        return overrides;
    }

    /// <summary>Listen addresses: --urls, then CALLBOOK_URLS, then urls, then the loopback default.</summary>
    public void ApplyUrls(WebApplicationBuilder builder)
    {
        var urls = Urls ?? builder.Configuration["CALLBOOK_URLS"] ?? builder.Configuration["urls"] ?? CallbookServer.DefaultUrls;
        builder.WebHost.UseUrls(urls);
        builder.Configuration["Callbook:PublicUrl"] = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)[0].Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
    }
}
