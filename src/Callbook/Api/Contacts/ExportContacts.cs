using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Callbook.Api.Auth;
using Callbook.Api.Errors;
using Callbook.Api.Requests;
using Callbook.Errors;
using Callbook.Hosting.OpenApi;
using Callbook.Import;
using Callbook.Stores;
using Callbook.UseCases;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace Callbook.Api.Contacts;

/// <summary>
/// GET /contacts/export[?status=][&amp;format=csv|xlsx]: the contacts in the import format, streamed
/// from one snapshot. CSV by default (<see cref="CsvContactWriter"/>: spreadsheet-safe cells, phone
/// cells kept as text); <c>format=xlsx</c> writes a workbook whose cells are all text. A
/// <c>status</c> column is added when the export includes inactive contacts, so export → import is exact.
/// </summary>
public static class ExportContacts
{
    public static ExportFile Handle([AsParameters] ExportQuery query, Caller caller, ContactExport export) =>
        new(export, caller.Scope, query.StatusValue, query.FormatValue);
}

/// <summary>The query of an export, checked before the handler runs (400 <c>INVALID_QUERY_PARAMETER</c>).</summary>
public sealed class ExportQuery : IRequestPart
{
    [FromQuery(Name = "status"), Description(QueryValues.StatusDescription), SchemaDefault("ACTIVE"), AllowedValues("ACTIVE", "INACTIVE", "ALL")]
    public StringValues? Status { get; init; }

    [FromQuery(Name = "format"), Description("csv (default) or xlsx: an Excel workbook whose cells are all text."), SchemaDefault("csv"), AllowedValues("csv", "xlsx")]
    public StringValues? Format { get; init; }

    /// <summary>Which contacts (read).</summary>
    public StatusFilter StatusValue { get; private set; }

    /// <summary>The file format (read).</summary>
    public ExportFormat FormatValue { get; private set; }

    public ValueTask<ErrorResult?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new List<ApiError>();
        StatusValue = QueryValues.Status(Status, errors);
        var format = ContactExport.ParseFormat(QueryValues.Single(Format, "format", errors));
        if (format is null)
        {
            errors.Add(new ApiError("format must be csv or xlsx", ErrorCodes.InvalidQuery, "format"));
        }
        FormatValue = format ?? default;
        return ValueTask.FromResult<ErrorResult?>(errors.Count > 0 ? ApiResults.BadRequest(errors) : null);
    }
}

/// <summary>200 with the export streamed as CSV or .xlsx; documents both media types.</summary>
public sealed class ExportFile(ContactExport export, Callbook.Tenancy.StreamScope scope, StatusFilter status, ExportFormat format) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext) =>
        export.WriteAsync(httpContext.Response, scope, status, format, httpContext.RequestAborted);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(void)));
        builder.Metadata.Add(new FileResponseMetadata(StatusCodes.Status200OK, "text/csv"));
        builder.Metadata.Add(new FileResponseMetadata(StatusCodes.Status200OK, XlsxContactWriter.ContentType));
    }
}
