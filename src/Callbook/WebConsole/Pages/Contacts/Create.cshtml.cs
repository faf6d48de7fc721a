using Callbook.Phones;
using Callbook.Stores;
using Microsoft.AspNetCore.Mvc;

namespace Callbook.WebConsole.Pages.Contacts;

/// <summary>Creates one contact through <see cref="IContactStore.CreateContactsAsync"/>, as POST /contacts does.</summary>
public sealed class CreateModel(IConsoleUserStore users, IContactStore store, PhoneRules phoneRules) : StreamPageModel(users)
{
    [BindProperty]
    public ContactForm Form { get; set; } = new();

    public string? Error { get; private set; }

    public string? HolderId { get; private set; }

    public void OnGet() => Form.CountryCode = DefaultCountryCode ?? "";

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var fields = Form.ToFields(ModelState, nameof(Form), phoneRules with { DefaultCountryCode = DefaultCountryCode });
        if (fields is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var result = await store.CreateContactsAsync(Scope, Actor, [fields], cancellationToken);
        if (result.Created is not [var created])
        {
            HolderId = result.Conflicts.FirstOrDefault()?.HolderId;
            Error = "This phone number belongs to another active contact already.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        Notice = $"Created {created.FullName}.";
        return Redirect($"/console/streams/{Scope.StreamId}/contacts/{created.Id}");
    }
}
