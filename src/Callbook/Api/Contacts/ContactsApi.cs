using Callbook.Api.Idempotency;

namespace Callbook.Api.Contacts;

/// <summary>
/// The eight vendor-compatible contact endpoints of section 5 and Callbook's own (history, restore,
/// erase, export), mapped under the stream group (<see cref="StreamApi"/>). What each reads and
/// answers is documented by its handler's types: <see cref="ContactId"/>, the query and body types,
/// and the <c>Results&lt;…&gt;</c> it returns.
/// </summary>
public static class ContactsApi
{
    /// <summary>The stream group's route prefix (kept here for code written before <see cref="StreamApi"/>).</summary>
    public const string Prefix = StreamApi.Prefix;

    private const string Id = "/{id:" + ContactIdConstraint.Name + "}";

    /// <summary>Maps <c>/contacts</c> under <paramref name="stream"/>, which carries authentication.</summary>
    public static RouteGroupBuilder MapContactsApi(this RouteGroupBuilder stream)
    {
        var group = stream.MapGroup("/contacts").WithTags("Contacts");

        group.MapPost("", CreateContacts.HandleAsync)
            .WithName("CreateContacts")
            .WithIdempotency()
            .WithSummary("Create contacts (atomic)");

        group.MapPost("/import-contacts", ImportContacts.HandleAsync)
            .WithName("ImportContacts")
            .WithIdempotency()
            .WithSummary("Import contacts from a CSV or .xlsx file (field result_file); ?partial=true with Accept: text/csv answers the failed rows as CSV")
            .DisableAntiforgery();

        group.MapGet("", ListContacts.HandleAsync)
            .WithName("ListContacts")
            .WithSummary("List contacts, oldest first; filter by status, q (name prefix) or phone (caller lookup); page by skip or cursor");

        group.MapGet("/export", ExportContacts.Handle)
            .WithName("ExportContacts")
            .WithSummary("Stream the contacts in the import format as CSV or .xlsx (format=xlsx); status=ACTIVE by default, a status column otherwise");

        group.MapGet(Id + "/history", ContactHistory.HandleAsync)
            .WithName("GetContactHistory")
            .WithSummary("Every change of a contact, oldest first");

        group.MapPost(Id + "/restore", RestoreContact.HandleAsync)
            .WithName("RestoreContact")
            .WithSummary("Make an INACTIVE contact ACTIVE again (409 when its number is taken)");

        group.MapPost(Id + "/erase", EraseContact.HandleAsync)
            .WithName("EraseContact")
            .WithSummary("Erase a contact's personal data for good (GDPR art. 17); a tombstone remains, erasing again answers it again, other requests for the contact answer 410 CONTACT_ERASED");

        group.MapGet(Id, GetContact.HandleAsync)
            .WithName("GetContact")
            .WithSummary("Get one contact, in any status (410 once erased)");

        group.MapPut("/bulk-update", BulkUpdateContacts.HandleAsync)
            .WithName("BulkUpdateContacts")
            .WithIdempotency()
            .WithSummary("Update up to 1000 contacts, each record on its own");

        group.MapPut(Id, UpdateContact.HandleAsync)
            .WithName("UpdateContact")
            .WithSummary("Replace the input fields of an active contact");

        group.MapDelete("/bulk-delete", BulkDeleteContacts.HandleAsync)
            .WithName("BulkDeleteContacts")
            .WithIdempotency()
            .WithSummary("Soft-delete up to 1000 contacts, each id on its own");

        group.MapDelete(Id, DeleteContact.HandleAsync)
            .WithName("DeleteContact")
            .WithSummary("Soft-delete a contact: it becomes INACTIVE and frees its number");

        return group;
    }

    /// <summary>Registers the <c>contactId</c> route constraint the contact routes use.</summary>
    public static IServiceCollection AddContactsApi(this IServiceCollection services) =>
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<ContactIdConstraint>(ContactIdConstraint.Name));
}
