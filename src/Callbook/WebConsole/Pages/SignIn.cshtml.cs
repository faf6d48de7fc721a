using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Callbook.WebConsole.Pages;

/// <summary>Email and password sign-in with lock-out (<see cref="ConsoleSignIn"/>).</summary>
public sealed class SignInModel(ConsoleSignIn signIn) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (outcome, principal) = await signIn.CheckAsync(Email ?? "", Password ?? "", cancellationToken);
        switch (outcome)
        {
            case SignInOutcome.SignedIn:
                await HttpContext.SignInAsync(ConsoleSetup.Scheme, principal!, new AuthenticationProperties { IsPersistent = false });
                return LocalRedirect(ReturnUrl is { } url && Url.IsLocalUrl(url) && url.StartsWith("/console", StringComparison.Ordinal) ? url : "/console");
            case SignInOutcome.LockedOut:
                Error = $"Too many failed attempts: this user is locked for {ConsoleSignIn.LockOut.TotalMinutes:0} minutes.";
                break;
            default:
                Error = "The email or password is wrong.";
                break;
        }
        Password = "";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
