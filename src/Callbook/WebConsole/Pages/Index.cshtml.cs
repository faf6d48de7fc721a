using System.Security.Claims;
using Callbook.Stores;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Callbook.WebConsole.Pages;

/// <summary>The stream picker: every stream the user is granted, directly or through its account.</summary>
public sealed class IndexModel(IConsoleUserStore users) : PageModel
{
    public IReadOnlyList<ConsoleStream> Streams { get; private set; } = [];

    [FromQuery]
    public string? Missing { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Streams = await users.ListStreamsAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        if (Missing is not null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
