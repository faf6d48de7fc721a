using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Callbook.WebConsole.Pages;

/// <summary>The signed-in user changes their own password (<see cref="ConsoleSignIn.ChangePasswordAsync"/>).</summary>
public sealed class AccountModel(ConsoleSignIn signIn) : PageModel
{
    [BindProperty]
    public string Current { get; set; } = "";

    [BindProperty]
    public string Replacement { get; set; } = "";

    [BindProperty]
    public string Confirmation { get; set; } = "";

    [TempData]
    public string? Notice { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if ((Replacement ?? "").Length < ConsolePasswords.MinLength)
        {
            return Refuse($"The new password needs at least {ConsolePasswords.MinLength} characters.", StatusCodes.Status400BadRequest);
        }
        if (!string.Equals(Replacement, Confirmation, StringComparison.Ordinal))
        {
            return Refuse("The two new passwords differ.", StatusCodes.Status400BadRequest);
        }
        var (outcome, principal) = await signIn.ChangePasswordAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, Current ?? "", Replacement!, cancellationToken);
        switch (outcome)
        {
            case SignInOutcome.SignedIn:
                // This session gets the new stamp; every other one ends at its next request.
                await HttpContext.SignInAsync(ConsoleSetup.Scheme, principal!, new AuthenticationProperties { IsPersistent = false });
                Notice = "Your password has been changed. Other sessions have been signed out.";
                return RedirectToPage();
            case SignInOutcome.LockedOut:
                await HttpContext.SignOutAsync(ConsoleSetup.Scheme);
                return Redirect("/console/signin");
            default:
                return Refuse("The current password is wrong.", StatusCodes.Status401Unauthorized);
        }
    }

    private PageResult Refuse(string error, int status)
    {
        Error = error;
        (Current, Replacement, Confirmation) = ("", "", "");
        Response.StatusCode = status;
        return Page();
    }
}
