using System.ComponentModel;
using System.Reflection;
using Callbook.Api.Errors;
using Callbook.Api.Requests;
using Callbook.Hosting.OpenApi;
using Microsoft.AspNetCore.Http.Metadata;

namespace Callbook.Api.Contacts;

/// <summary>
/// The <c>{id}</c> of a contact route, bound as written; before the handler runs, an id that is not
/// 24 lowercase hexadecimal characters is answered 400 <c>INVALID_ID</c>.
/// </summary>
[Description("The contact id: 24 lowercase hexadecimal characters.")]
[SchemaPattern("^[0-9a-f]{24}$")]
public readonly record struct ContactId(string Value) : IRequestPart, IEndpointParameterMetadataProvider
{
    /// <summary>Always succeeds: the framework must not answer for a malformed id (Callbook's own 400 does).</summary>
    public static bool TryParse(string? value, out ContactId id)
    {
        id = new ContactId(value ?? "");
        return true;
    }

    public ValueTask<ErrorResult?> ReadAsync(HttpContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ErrorResult?>(ContactResults.IsValidId(Value) ? null : ApiResults.InvalidId());

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        ErrorResult.Document(builder, StatusCodes.Status400BadRequest);

    public static implicit operator string(ContactId id) => id.Value;

    public override string ToString() => Value;
}
