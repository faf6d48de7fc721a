using Callbook.Api.Auth;
using Callbook.Api.Idempotency;
using Callbook.Api.Json;
using Callbook.Import;

namespace Callbook.Api.Contacts;

/// <summary>The eight vendor-compatible contact endpoints of section 5, under one authenticated route group.</summary>
public static class ContactsApi
{
    public const string Prefix = "/agentassist/api/v1/public/{streamId}";

    public static RouteGroupBuilder MapContactsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix + "/contacts")
            .AddEndpointFilter<StreamAuthFilter>()
            .WithTags("Contacts")
            .ProducesErrors(401, 403, 404, 429);

        group.MapPost("", CreateContacts.HandleAsync)
            .WithName("CreateContacts")
            .AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Create contacts (atomic)")
            .Accepts<ContactInput[]>("application/json")
            .Produces<ContactResponse[]>(StatusCodes.Status201Created)
            .ProducesErrors(400, 409, 413, 415);

        group.MapPost("/import-contacts", ImportContacts.HandleAsync)
            .WithName("ImportContacts")
            .AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Import contacts from a CSV or .xlsx file (field result_file); ?partial=true with Accept: text/csv answers the failed rows as CSV")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ContactResponse[]>(StatusCodes.Status201Created)
            .Produces<ImportSummary>(StatusCodes.Status201Created)
            .Produces<ImportSummary>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesErrors(400, 413, 415)
            .DisableAntiforgery();

        group.MapGet("", ListContacts.HandleAsync)
            .WithName("ListContacts")
            .WithSummary("List contacts, oldest first; filter by status, q (name prefix) or phone (caller lookup); page by skip or cursor")
            .Produces<ContactList>()
            .ProducesErrors(400);

        group.MapGet("/export", ExportContacts.HandleAsync)
            .WithName("ExportContacts")
            .WithSummary("Stream the contacts in the import format as CSV or .xlsx (format=xlsx); status=ACTIVE by default, a status column otherwise")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: XlsxContactWriter.ContentType)
            .ProducesErrors(400);

        group.MapGet("/{id}/history", ContactHistory.HandleAsync)
            .WithName("GetContactHistory")
            .WithSummary("Every change of a contact, oldest first")
            .Produces<HistoryResponse>()
            .ProducesErrors(400);

        group.MapPost("/{id}/restore", RestoreContact.HandleAsync)
            .WithName("RestoreContact")
            .WithSummary("Make an INACTIVE contact ACTIVE again (409 when its number is taken)")
            .Produces<ContactResponse>()
            .ProducesErrors(400, 409, 412);

        group.MapGet("/{id}", GetContact.HandleAsync)
            .WithName("GetContact")
            .WithSummary("Get one contact, in any status")
            .Produces<ContactResponse>()
            .ProducesErrors(400);

        group.MapPut("/bulk-update", BulkUpdateContacts.HandleAsync)
            .WithName("BulkUpdateContacts")
            .AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Update up to 1000 contacts, each record on its own")
            .Accepts<BulkUpdateRecord[]>("application/json")
            .Produces<BulkSummary<BulkUpdated>>()
            .ProducesErrors(400, 413, 415);

        group.MapPut("/{id}", UpdateContact.HandleAsync)
            .WithName("UpdateContact")
            .WithSummary("Replace the input fields of an active contact")
            .Accepts<ContactInput>("application/json")
            .Produces<ContactResponse>()
            .ProducesErrors(400, 409, 412, 413, 415);

        group.MapDelete("/bulk-delete", BulkDeleteContacts.HandleAsync)
            .WithName("BulkDeleteContacts")
            .AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Soft-delete up to 1000 contacts, each id on its own")
            .Accepts<BulkDeleteRequest>("application/json")
            .Produces<BulkSummary<BulkDeleted>>()
            .ProducesErrors(400, 413, 415);

        group.MapDelete("/{id}", DeleteContact.HandleAsync)
            .WithName("DeleteContact")
            .WithSummary("Soft-delete a contact: it becomes INACTIVE and frees its number")
            .Produces<ContactResponse>()
            .ProducesErrors(400, 412);

        return group;
    }

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
