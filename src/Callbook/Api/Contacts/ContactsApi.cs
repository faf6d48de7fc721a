using Callbook.Api.Idempotency;
using Callbook.Api.Json;
using Callbook.Hosting.OpenApi;
using Callbook.Import;

namespace Callbook.Api.Contacts;

/// <summary>The eight vendor-compatible contact endpoints of section 5 and Callbook's own (history, restore, erase, export), mapped under the stream group (<see cref="StreamApi"/>).</summary>
public static class ContactsApi
{
    /// <summary>The stream group's route prefix (kept here for code written before <see cref="StreamApi"/>).</summary>
    public const string Prefix = StreamApi.Prefix;

    /// <summary>Maps <c>/contacts</c> under <paramref name="stream"/>, which carries authentication.</summary>
    public static RouteGroupBuilder MapContactsApi(this RouteGroupBuilder stream)
    {
        var group = stream.MapGroup("/contacts")
            .WithTags("Contacts")
            .WithParameters(ApiParameters.ContactId);

        group.MapPost("", CreateContacts.HandleAsync)
            .WithName("CreateContacts")
            .WithIdempotency()
            .WithSummary("Create contacts (atomic)")
            .Accepts<ContactInput[]>("application/json")
            .ProducesErrors(400, 409, 413, 415);

        group.MapPost("/import-contacts", ImportContacts.HandleAsync)
            .WithName("ImportContacts")
            .WithIdempotency()
            .WithParameters(ApiParameters.Partial, ApiParameters.Summary, ApiParameters.Charset)
            .WithSummary("Import contacts from a CSV or .xlsx file (field result_file); ?partial=true with Accept: text/csv answers the failed rows as CSV")
            // No Accepts<>: routing would answer 415 to the vendor's own sample, a multipart body declared as application/json.
            .Produces<ContactResponse[]>(StatusCodes.Status201Created)
            .Produces<ImportSummary>(StatusCodes.Status201Created)
            .Produces<ImportSummary>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesErrors(400, 413, 415)
            .DisableAntiforgery();

        group.MapGet("", ListContacts.HandleAsync)
            .WithName("ListContacts")
            .WithParameters(ApiParameters.Skip, ApiParameters.Limit, ApiParameters.Status, ApiParameters.Search, ApiParameters.Phone, ApiParameters.CountryCode, ApiParameters.Cursor)
            .WithSummary("List contacts, oldest first; filter by status, q (name prefix) or phone (caller lookup); page by skip or cursor")
            .ProducesErrors(400);

        group.MapGet("/export", ExportContacts.HandleAsync)
            .WithName("ExportContacts")
            .WithParameters(ApiParameters.Status, ApiParameters.Format)
            .WithSummary("Stream the contacts in the import format as CSV or .xlsx (format=xlsx); status=ACTIVE by default, a status column otherwise")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: XlsxContactWriter.ContentType)
            .ProducesErrors(400);

        group.MapGet("/{id:" + ContactIdConstraint.Name + "}/history", ContactHistory.HandleAsync)
            .WithName("GetContactHistory")
            .WithSummary("Every change of a contact, oldest first")
            .ProducesErrors(400);

        group.MapPost("/{id:" + ContactIdConstraint.Name + "}/restore", RestoreContact.HandleAsync)
            .WithName("RestoreContact")
            .WithParameters(ApiParameters.IfMatch)
            .WithSummary("Make an INACTIVE contact ACTIVE again (409 when its number is taken)")
            .ProducesErrors(400, 409, 412);

        group.MapPost("/{id:" + ContactIdConstraint.Name + "}/erase", EraseContact.HandleAsync)
            .WithName("EraseContact")
            .WithSummary("Erase a contact's personal data for good (GDPR art. 17); a tombstone remains, erasing again answers it again, other requests for the contact answer 410 CONTACT_ERASED")
            .Produces<ErasedContactResponse>()
            .ProducesErrors(400);

        group.MapGet("/{id:" + ContactIdConstraint.Name + "}", GetContact.HandleAsync)
            .WithName("GetContact")
            .WithSummary("Get one contact, in any status (410 once erased)")
            .ProducesErrors(400, 410);

        group.MapPut("/bulk-update", BulkUpdateContacts.HandleAsync)
            .WithName("BulkUpdateContacts")
            .WithIdempotency()
            .WithSummary("Update up to 1000 contacts, each record on its own")
            .Accepts<BulkUpdateRecord[]>("application/json")
            .ProducesErrors(400, 413, 415);

        group.MapPut("/{id:" + ContactIdConstraint.Name + "}", UpdateContact.HandleAsync)
            .WithName("UpdateContact")
            .WithParameters(ApiParameters.IfMatch)
            .WithSummary("Replace the input fields of an active contact")
            .Accepts<ContactInput>("application/json")
            .ProducesErrors(400, 409, 410, 412, 413, 415);

        group.MapDelete("/bulk-delete", BulkDeleteContacts.HandleAsync)
            .WithName("BulkDeleteContacts")
            .WithIdempotency()
            .WithSummary("Soft-delete up to 1000 contacts, each id on its own")
            .Accepts<BulkDeleteRequest>("application/json")
            .ProducesErrors(400, 413, 415);

        group.MapDelete("/{id:" + ContactIdConstraint.Name + "}", DeleteContact.HandleAsync)
            .WithName("DeleteContact")
            .WithParameters(ApiParameters.IfMatch)
            .WithSummary("Soft-delete a contact: it becomes INACTIVE and frees its number")
            .ProducesErrors(400, 410, 412);

        return group;
    }

    /// <summary>Idempotency-Key: the filter, its header and its answers (409 while the first is still running past the wait, 422 for another body).</summary>
    internal static TBuilder WithIdempotency<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter<TBuilder, IdempotencyFilter>();
        return builder.WithParameters(ApiParameters.IdempotencyKey).ProducesErrors(409, 422);
    }

    /// <summary>Registers the <c>contactId</c> route constraint the contact routes use.</summary>
    public static IServiceCollection AddContactsApi(this IServiceCollection services) =>
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<ContactIdConstraint>(ContactIdConstraint.Name));

    /// <summary>Documents error answers: the <c>{"errors":[…]}</c> body with each status.</summary>
    internal static TBuilder ProducesErrors<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ErrorBody), ["application/json"]));
        }
        return builder;
    }
}
