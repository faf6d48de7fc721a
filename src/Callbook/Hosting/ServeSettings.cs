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
        CheckUrls(urls);
        builder.WebHost.UseUrls(urls);
        builder.Configuration["Callbook:PublicUrl"] = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)[0].Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
    }

    /// <summary>
    /// Refuses (<see cref="ArgumentException"/>, one line) a listen address Kestrel would misread:
    /// not <c>http(s)://host:port</c>, a port outside 0–65535, or a host that is neither an IP
    /// address nor <c>localhost</c>, <c>*</c> or <c>+</c>. Kestrel listens on every interface for
    /// any other host (a mistyped <c>256.1.1.1</c>, a name), which would expose a service meant for loopback.
    /// </summary>
    public static void CheckUrls(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                throw new ArgumentException($"the listen address '{url}' (--urls or CALLBOOK_URLS) is not http://host:port or https://host:port");
            }
            if (address.Scheme is not ("http" or "https") || address.IsUnixPipe || address.IsNamedPipe)
            {
                throw new ArgumentException($"the listen address '{url}' (--urls or CALLBOOK_URLS) is not http://host:port or https://host:port");
            }
            if (address.Port is < 0 or > 65535)
            {
                throw new ArgumentException($"the listen address '{url}' (--urls or CALLBOOK_URLS) has port {address.Port}: ports are 0–65535");
            }
            var host = address.Host.Trim('[', ']');
            if (!System.Net.IPAddress.TryParse(host, out _) && host is not ("localhost" or "*" or "+"))
            {
                throw new ArgumentException($"the listen address '{url}' (--urls or CALLBOOK_URLS) names host '{address.Host}', which is not an IP address: Kestrel would listen on every interface; " +
                    "name an address (127.0.0.1, 0.0.0.0, [::]) or * for every interface");
            }
        }
    }
}
