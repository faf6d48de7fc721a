namespace Callbook.Hosting;

/// <summary>What the <c>serve</c> command line sets; unset values fall back to configuration and environment.</summary>
public sealed record ServeSettings(string? Db, string? Urls, bool NoDemo)
{
    public void ApplyTo(WebApplicationBuilder builder)
    {
        var overrides = new Dictionary<string, string?>();
        if (Db is not null)
        {
            overrides["Callbook:Db"] = Db;
        }
        if (NoDemo)
        {
            overrides["Callbook:NoDemo"] = "true";
        }
        builder.Configuration.AddInMemoryCollection(overrides);
        var urls = Urls ?? builder.Configuration["CALLBOOK_URLS"] ?? builder.Configuration["urls"] ?? CallbookServer.DefaultUrls;
        builder.WebHost.UseUrls(urls);
        builder.Configuration["Callbook:PublicUrl"] = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)[0].Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
    }

    /// <summary>The database location: --db, then Callbook:Db, then CALLBOOK_DB, then the embedded default.</summary>
    public static string ResolveDb(IConfiguration configuration) =>
        configuration["Callbook:Db"] ?? configuration["CALLBOOK_DB"] ?? Storage.CallbookDatabases.DefaultLocation;
}
