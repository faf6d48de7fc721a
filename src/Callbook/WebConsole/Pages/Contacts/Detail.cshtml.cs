using System.Text.Json;
using Callbook.Contacts;
using Callbook.History;
using Callbook.Phones;
using Callbook.Stores;
using Microsoft.AspNetCore.Mvc;

namespace Callbook.WebConsole.Pages.Contacts;

/// <summary>
/// One contact: its fields, the edit form, delete or restore, and its history. Every change
/// carries the version the page was rendered from, so a change made meanwhile by someone else
/// (console or API) is never overwritten: the page reloads with their version and says so.
/// Erasing (for good) asks the user to type <see cref="EraseWord"/> first. It reads the primary, never
/// a read standby: the version it renders is the one the next change is checked against.
/// </summary>
public sealed class DetailModel(IConsoleUserStore users, IContactStore store, [FromKeyedServices(ContactHistoryReader.Primary)] ContactHistoryReader historyReader, PhoneRules phoneRules, PendingImports pending) : StreamPageModel(users)
{
    /// <summary>What the user types to confirm an erasure.</summary>
    public const string EraseWord = "ERASE";

    [BindProperty]
    public string? Confirm { get; set; }

    [FromRoute]
    public string Id { get; set; } = "";

    [BindProperty]
    public ContactForm Form { get; set; } = new();

    [BindProperty]
    public long? Version { get; set; }

    public Contact? Contact { get; private set; }

    public IReadOnlyList<HistoryLine> History { get; private set; } = [];

    public string? Error { get; private set; }

    public string? HolderId { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFoundPage();
        }
        Form = ContactForm.From(Contact!);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var current = await store.FindContactAsync(Scope, Id, cancellationToken);
        if (current is null)
        {
            return NotFoundPage();
        }
        var fields = Form.ToFields(ModelState, nameof(Form), phoneRules with { DefaultCountryCode = DefaultCountryCode });
        if (fields is null)
        {
            return await ShowAsync(null, StatusCodes.Status400BadRequest, cancellationToken);
        }
        // The form edits the vendor's flat fields; address and Twitter details are kept as they are.
        fields = fields with { AddressJson = current.Fields.AddressJson, TwitterDetailsJson = current.Fields.TwitterDetailsJson };
        var result = await store.UpdateContactAsync(Scope, Actor, new ContactUpdate(Id, fields, Form.Version), cancellationToken);
        return await AfterWriteAsync(result, "Saved.", cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken) =>
        await AfterWriteAsync(await store.DeleteContactAsync(Scope, Actor, Id, Version, cancellationToken), "Deleted. The phone number is free for another contact; restore brings this one back.", cancellationToken);

    public async Task<IActionResult> OnPostRestoreAsync(CancellationToken cancellationToken) =>
        await AfterWriteAsync(await store.RestoreContactAsync(Scope, Actor, Id, Version, cancellationToken), "Restored.", cancellationToken);

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (!string.Equals(Confirm?.Trim(), EraseWord, StringComparison.Ordinal))
        {
            return await ShowAsync($"Type {EraseWord} in the box to confirm. Nothing was erased.", StatusCodes.Status400BadRequest, cancellationToken);
        }
        var result = await Api.Contacts.EraseContact.EraseAsync(store, pending, Scope, Actor, Id, cancellationToken);
        if (result.Tombstone is null)
        {
            return NotFoundPage();
        }
        Notice = $"Contact {Id} was erased: its name, number and history values are gone for good.";
        return Redirect($"/console/streams/{Scope.StreamId}/contacts");
    }

    private async Task<IActionResult> AfterWriteAsync(ContactWriteResult result, string done, CancellationToken cancellationToken)
    {
        switch (result.Outcome)
        {
            case WriteOutcome.Done:
                Notice = done;
                return Redirect($"/console/streams/{Scope.StreamId}/contacts/{Id}");
            case WriteOutcome.PreconditionFailed:
                ModelState.Clear();
                Form = ContactForm.From(result.Contact!);
                return await ShowAsync("Someone else changed this contact meanwhile. Nothing was saved: this is their version; make your change again.", StatusCodes.Status409Conflict, cancellationToken);
            case WriteOutcome.PhoneInUse:
                HolderId = result.HolderId;
                return await ShowAsync("This phone number belongs to another active contact.", StatusCodes.Status409Conflict, cancellationToken);
            default:
                return await LoadAsync(cancellationToken)
                    ? await ShowAsync("A deleted contact cannot be edited; restore it first.", StatusCodes.Status409Conflict, cancellationToken)
                    : NotFoundPage();
        }
    }

    private async Task<IActionResult> ShowAsync(string? error, int status, CancellationToken cancellationToken)
    {
        Error = error;
        if (!await LoadAsync(cancellationToken))
        {
            return NotFoundPage();
        }
        Response.StatusCode = status;
        return Page();
    }

    private IActionResult NotFoundPage()
    {
        Notice = "That contact does not exist in this stream.";
        return Redirect($"/console/streams/{Scope.StreamId}/contacts");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (!Callbook.Tenancy.Ids.IsHex24(Id))
        {
            return false;
        }
        if (await historyReader.ReadAsync(Scope, Id, cancellationToken) is not { } found)
        {
            return false;
        }
        Contact = found.Contact;
        var lines = found.History.Select(HistoryLine.From).ToList();
        lines.Reverse();
        History = lines;
        return true;
    }
}

/// <summary>One history entry as shown: newest first, who (e-mail or app name, and id), each changed field with before → after.</summary>
public sealed record HistoryLine(string Operation, DateTimeOffset At, string UserId, string AppActorId, string? ActorName, IReadOnlyList<(string Field, string? Before, string? After)> Changes)
{
    public bool InConsole => AppActorId == Callbook.Tenancy.ConsoleActor.AppActorId;

    public static HistoryLine From(HistoryRecord record)
    {
        using var json = JsonDocument.Parse(record.ChangesJson);
        var changes = json.RootElement.EnumerateArray()
            .Select(c => (c.GetProperty("field").GetString()!, Text(c.GetProperty("before")), Text(c.GetProperty("after"))))
            .ToList();
        return new HistoryLine(record.Operation, record.At, record.UserId, record.AppActorId, record.ActorName, changes);
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
