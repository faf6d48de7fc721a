using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Callbook.Api.Errors;
using Callbook.Api.Requests;
using Callbook.Errors;
using Callbook.Hosting.OpenApi;
using Callbook.Stores;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace Callbook.Api.Contacts;

/// <summary>The query of an import, checked before the upload is read (400 <c>INVALID_QUERY_PARAMETER</c>).</summary>
public sealed class ImportQuery : IRequestPart
{
    [FromQuery(Name = "partial"), SchemaDefault(false),
     Description("true: import the good rows and report the bad ones (201 with a summary when any contact was created, else 200; with Accept: text/csv the failed rows as CSV). Default false: all rows or none.")]
    public StringValues? Partial { get; init; }

    [FromQuery(Name = "summary"), SchemaDefault(false), Description("true: answer the counts and errors only, without the created contacts.")]
    public StringValues? Summary { get; init; }

    [FromQuery(Name = "charset"),
     Description("The CSV file's character set when it has no byte order mark (windows-1252, iso-8859-1, iso-8859-15, utf-16, utf-8); wins over the file part's Content-Type charset. At most 40 characters.")]
    public StringValues? Charset { get; init; }

    /// <summary>Import the good rows, report the bad ones (read).</summary>
    public bool PartialValue { get; private set; }

    /// <summary>Answer counts and errors only (read).</summary>
    public bool SummaryValue { get; private set; }

    /// <summary>The charset asked for, or null (read).</summary>
    public string? CharsetValue { get; private set; }

    public ValueTask<ErrorResult?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new List<ApiError>();
        PartialValue = QueryValues.Flag(Partial, "partial", errors);
        SummaryValue = QueryValues.Flag(Summary, "summary", errors);
        CharsetValue = QueryValues.Single(Charset, "charset", errors);
        if (CharsetValue is { Length: > 40 })
        {
            errors.Add(new ApiError("charset must be at most 40 characters", ErrorCodes.InvalidQuery, "charset"));
        }
        return ValueTask.FromResult<ErrorResult?>(errors.Count > 0 ? ApiResults.BadRequest(errors) : null);
    }
}

/// <summary>
/// The error report of a partial import asked for with <c>Accept: text/csv</c>: the failed rows with an
/// <c>error</c> column, the counts in headers; 201 when any contact was created, else 200.
/// </summary>
public sealed class ImportReport(Stream report, ImportResult result, int statusCode) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    /// <summary>Headers carrying the summary when the body is the error report.</summary>
    public const string TotalRowsHeader = "Callbook-Total-Rows", ImportedHeader = "Callbook-Imported", FailedHeader = "Callbook-Failed";

    public int? StatusCode => statusCode;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = "attachment; filename=\"import-errors.csv\"";
        (response.Headers[TotalRowsHeader], response.Headers[ImportedHeader], response.Headers[FailedHeader]) =
            (result.TotalRows.ToString(CultureInfo.InvariantCulture), result.Imported.ToString(CultureInfo.InvariantCulture), result.Failed.ToString(CultureInfo.InvariantCulture));
        report.Position = 0;
        await report.CopyToAsync(response.Body, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new FileResponseMetadata(StatusCodes.Status200OK, "text/csv"));
        builder.Metadata.Add(new FileResponseMetadata(StatusCodes.Status201Created, "text/csv"));
    }
}
