using System.Security.Claims;
using Callbook.Stores;
using Callbook.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Callbook.WebConsole;

/// <summary>
/// A console page inside one stream (<c>/console/streams/{streamId}/…</c>). Before any handler runs
/// the stream is looked up among the signed-in user's grants; a stream that is unknown or not
/// granted sends the user back to the stream picker with the same message either way.
/// </summary>
public abstract class StreamPageModel(IConsoleUserStore users) : PageModel
{
    [FromRoute]
    public string StreamId { get; set; } = "";

    public StreamScope Scope { get; private set; } = null!;

    /// <summary>The stream's default country code ("+46"), which reads national numbers typed on its pages; null when none is set.</summary>
    public string? DefaultCountryCode { get; private set; }

    /// <summary>The signed-in console user's <c>u-…</c> id.</summary>
    public string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    /// <summary>Who the changes made on this page are recorded as.</summary>
    public Actor Actor => ConsoleActor.For(UserId);

    [TempData]
    public string? Notice { get; set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var stream = await users.FindStreamAsync(UserId, StreamId, HttpContext.RequestAborted);
        if (stream is null)
        {
            context.Result = RedirectToPage("/Index", new { missing = StreamId });
            return;
        }
        Scope = stream.Scope;
        DefaultCountryCode = stream.DefaultCountryCode;
        await next();
    }
}
