using Callbook.Api.Idempotency;
using Callbook.Hosting.OpenApi;
using Microsoft.OpenApi;

namespace Callbook.Api;

/// <summary>The parameters the API's handlers and filters read themselves, described once for the OpenAPI document.</summary>
public static class ApiParameters
{
    private const string Hex24 = "^[0-9a-f]{24}$";

    public static readonly DocumentedParameter StreamId = new("streamId", ParameterLocation.Path,
        "The stream (bot instance) the contacts belong to: st- and a UUID, as `callbook streams list` shows it. Reported as instanceBotId.");

    public static readonly DocumentedParameter AccountId = new("accountId", ParameterLocation.Header,
        "The account id: 24 lowercase hexadecimal characters. The token's app must belong to this account.", Required: true, Pattern: Hex24);

    public static readonly DocumentedParameter ContactId = new("id", ParameterLocation.Path,
        "The contact id: 24 lowercase hexadecimal characters.", Pattern: Hex24);

    public static readonly DocumentedParameter WebhookId = new("id", ParameterLocation.Path,
        "The webhook id: wh- and a UUID.");

    public static readonly DocumentedParameter DeliveryId = new("deliveryId", ParameterLocation.Path,
        "The delivery id (a positive integer) from the deliveries list.", Pattern: "^[1-9][0-9]*$");

    public static readonly DocumentedParameter IdempotencyKey = new(IdempotencyFilter.Header, ParameterLocation.Header,
        "1 to 255 visible ASCII characters. A retry with the same key and body within 24 h gets the first answer back byte for byte; " +
        "the same key with another body is answered 422, a retry while the first is still running waits for it.");

    public static readonly DocumentedParameter IfMatch = new("If-Match", ParameterLocation.Header,
        "The ETag of the contact as last read (\"v3\"), or *. When the contact has changed since, the answer is 412 with the current ETag.");

    public static readonly DocumentedParameter Status = new("status", ParameterLocation.Query,
        "Which contacts: ACTIVE (default), INACTIVE or ALL (case-insensitive).", Values: ["ACTIVE", "INACTIVE", "ALL"]);

    public static readonly DocumentedParameter Skip = new("skip", ParameterLocation.Query,
        "Contacts to skip before the page, default 0. Not together with cursor.", JsonSchemaType.Integer, Minimum: 0, Maximum: int.MaxValue);

    public static readonly DocumentedParameter Limit = new("limit", ParameterLocation.Query,
        "Page size, 1 to 100, default 10.", JsonSchemaType.Integer, Minimum: 1, Maximum: 100);

    public static readonly DocumentedParameter Search = new("q", ParameterLocation.Query,
        "Name search, 1 to 100 characters: a case- and accent-insensitive prefix of the first, last or full name.");

    public static readonly DocumentedParameter Phone = new("phone", ParameterLocation.Query,
        "Caller lookup by phone number in any usual format (docs/phones.md): +, 00, a tel: URI, separators, Unicode digits; a national number needs countryCode or the stream's default country. Never logged.");

    public static readonly DocumentedParameter CountryCode = new("countryCode", ParameterLocation.Query,
        "Country calling code (+44 or 44) for a national phone number; without it the stream's default country, if set. Only together with phone.");

    public static readonly DocumentedParameter Cursor = new("cursor", ParameterLocation.Query,
        "The nextCursor of the previous page, with the same filters: pages in time independent of depth.");

    public static readonly DocumentedParameter Partial = new("partial", ParameterLocation.Query,
        "true: import the good rows and report the bad ones (201 with a summary when any contact was created, else 200; with Accept: text/csv the failed rows as CSV). Default false: all rows or none.", JsonSchemaType.Boolean);

    public static readonly DocumentedParameter Charset = new("charset", ParameterLocation.Query,
        "The CSV file's character set when it has no byte order mark (windows-1252, iso-8859-1, iso-8859-15, utf-16, utf-8); wins over the file part's Content-Type charset. At most 40 characters.");

    public static readonly DocumentedParameter Format = new("format", ParameterLocation.Query,
        "csv (default) or xlsx: an Excel workbook whose cells are all text.", Values: ["csv", "xlsx"]);

    public static readonly DocumentedParameter Summary = new("summary", ParameterLocation.Query,
        "true: answer the counts and errors only, without the created contacts.", JsonSchemaType.Boolean);

    public static readonly DocumentedParameter DeliveryLimit = new("limit", ParameterLocation.Query,
        "Page size, 1 to 100, default 20.", JsonSchemaType.Integer, Minimum: 1, Maximum: 100);

    public static readonly DocumentedParameter DeliveryStatus = new("status", ParameterLocation.Query,
        "Only deliveries in this state.", Values: ["pending", "delivered", "failed"]);

    public static readonly DocumentedParameter DeliveryCursor = new("cursor", ParameterLocation.Query,
        "The nextCursor of the previous page.", Pattern: "^[1-9][0-9]*$");
}
