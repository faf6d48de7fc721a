using Callbook.Api.Json;

namespace Callbook.Hosting;

/// <summary>
/// GET /bench/fixed-contact, mapped only when <c>Callbook:Bench:FixedEndpoint</c> is true: a caller
/// lookup's answer (one contact, same shape and size) serialized per request without touching storage
/// or auth. bench/run.sh measures the lookup against it: it is the HTTP stack's own limit.
/// </summary>
public static class BenchEndpoint
{
    public const string Path = "/bench/fixed-contact";

    public static void MapBenchEndpoint(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Callbook:Bench:FixedEndpoint", false))
        {
            return;
        }
        var contact = new ContactResponse
        {
            Id = "6650f2a1c3d4e5f6a7b8c9d0",
            FirstName = "First0000123456",
            LastName = "Last0000123456",
            FullName = "First0000123456 Last0000123456",
            Salutation = "mr",
            CellPhone = new CellPhoneResponse("", "+13000123456", "+1"),
            Status = "ACTIVE",
            InstanceBotId = "st-00000000-0000-0000-0000-000000000000",
            OrgId = "o-00000000-0000-0000-0000-000000000000",
            AccountId = "0123456789abcdef01234567",
            CreatedBy = "u-00000000-0000-0000-0000-000000000000",
            CreatedByAId = "a-00000000-0000-0000-0000-000000000000",
            Address = new RawJson("[]"),
            TwitterDetails = new RawJson("[]"),
            CreatedAt = "2025-01-01T00:00:00.000Z",
            UpdatedAt = "2025-01-01T00:00:00.000Z",
        };
        var page = new ContactList([contact], 0, 10, false, 1, 1, null);
        app.MapGet(Path, () => Results.Json(page, CallbookJson.Context.ContactList, contentType: "application/json"))
            .ExcludeFromDescription();
    }
}
