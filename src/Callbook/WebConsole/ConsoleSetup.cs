using Callbook.Hosting;
using Microsoft.Extensions.FileProviders;

namespace Callbook.WebConsole;

/// <summary>
/// The web console at /console: Razor Pages rendered on the server, cookie sign-in, antiforgery on
/// every form (Razor Pages' default), static CSS and JS modules embedded from wwwroot/console. The
/// API does not use the cookie: its endpoints keep their own token filter.
/// </summary>
public static class ConsoleSetup
{
    public const string Scheme = "Console";
    public const string CookiePath = "/console";

    public static void AddCallbookConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(Scheme).AddCookie(Scheme, o =>
        {
            o.LoginPath = "/console/signin";
            o.LogoutPath = "/console/signout";
            o.AccessDeniedPath = "/console/signin";
            o.Cookie.Name = "callbook_console";
            o.Cookie.Path = CookiePath;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Events.OnValidatePrincipal = ConsoleSessions.ValidateAsync;
        });
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "callbook_console_af";
            o.Cookie.Path = CookiePath;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/WebConsole/Pages";
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/SignIn");
        });
        builder.Services.AddSingleton<ConsoleSignIn>();
        builder.Services.AddSingleton<PendingImports>();
        builder.Services.AddHostedService<PendingImportSweep>();
    }

    public static void MapCallbookConsole(this WebApplication app)
    {
        // Embedded, so the executable serves them wherever it runs (no wwwroot next to it needed).
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(ConsoleSetup).Assembly, "Callbook.wwwroot"),
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.UseAuthentication();
        app.UseAuthorization();
        // Forms are read here, with the import's body limit: beyond it a 413 page, Content-Length or chunked.
        app.UseConsoleForms();
        app.MapRazorPages();
    }
}
