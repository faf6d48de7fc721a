using Callbook.Stores;
using Callbook.UseCases;
using Microsoft.AspNetCore.Mvc;

namespace Callbook.WebConsole.Pages.Contacts;

/// <summary>
/// The contacts of a stream: one search box (name prefix or a phone number in any format), a
/// status filter and keyset paging by the same signed cursors as the API, so a page deep in a
/// million contacts costs what the first one does. <c>?handler=Rows</c> answers only the results
/// (the search-as-you-type fragment); <c>?handler=Export</c> downloads the CSV (<c>&amp;format=xlsx</c>: a workbook).
/// </summary>
public sealed class ListModel(IConsoleUserStore users, ContactListing contacts, ContactExport export) : StreamPageModel(users)
{
    public const int PageSize = 25;

    [FromQuery(Name = "q")]
    public string? Query { get; set; }

    [FromQuery(Name = "status")]
    public string? StatusText { get; set; }

    [FromQuery(Name = "cursor")]
    public string? Cursor { get; set; }

    public StatusFilter Status { get; private set; }

    public ConsoleSearch Search { get; private set; } = ConsoleSearch.None;

    public ContactPage? Results { get; private set; }

    public string? NextCursor { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetRowsAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Partial("_ContactRows", this);
    }

    /// <summary>The API's export (CSV, or a workbook with <c>format=xlsx</c>); a status column when inactive contacts are included.</summary>
    public async Task<IActionResult> OnGetExportAsync([FromQuery] string? format, CancellationToken cancellationToken)
    {
        Status = ParseStatus(StatusText);
        await export.WriteAsync(Response, Scope, Status, ContactExport.ParseFormat(format) ?? ExportFormat.Csv, cancellationToken);
        return new EmptyResult();
    }

    /// <summary>The list's address with these filters (and a cursor, for the next page).</summary>
    public string Link(string? cursor = null, string? handler = null)
    {
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(Query))
        {
            query.Add("q=" + Uri.EscapeDataString(Query.Trim()));
        }
        if (Status != StatusFilter.Active)
        {
            query.Add("status=" + Status.ToString().ToLowerInvariant());
        }
        if (cursor is not null)
        {
            query.Add("cursor=" + Uri.EscapeDataString(cursor));
        }
        if (handler is not null)
        {
            query.Add("handler=" + handler);
        }
        return $"/console/streams/{Scope.StreamId}/contacts" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Status = ParseStatus(StatusText);
        Search = ConsoleSearch.Parse(Query, DefaultCountryCode);
        if (Search.Error is not null)
        {
            Error = Search.Error;
            return;
        }
        var filter = new ContactListFilter(Status, Search.NamePrefix, Search.Phones);
        var listing = await contacts.ListAsync(Scope, filter, 0, PageSize, string.IsNullOrEmpty(Cursor) ? null : Cursor, cancellationToken);
        if (listing is null)
        {
            Error = "This page link is out of date; here is the first page.";
            listing = await contacts.ListAsync(Scope, filter, 0, PageSize, null, cancellationToken);
        }
        Results = listing!.Page;
        NextCursor = listing.NextCursor;
    }

    private static StatusFilter ParseStatus(string? text) => text?.ToLowerInvariant() switch
    {
        "inactive" => StatusFilter.Inactive,
        "all" => StatusFilter.All,
        _ => StatusFilter.Active,
    };
}
