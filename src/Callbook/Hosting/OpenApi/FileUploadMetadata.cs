namespace Callbook.Hosting.OpenApi;

/// <summary>
/// Endpoint metadata: the request body is a multipart/form-data form carrying one file in
/// <paramref name="Field"/>. Added by the type that reads the upload; <see cref="OpenApiParameters"/>
/// turns it into the operation's request body.
/// </summary>
/// <param name="Field">The form field holding the file.</param>
/// <param name="Description">What the file holds.</param>
public sealed record FileUploadMetadata(string Field, string Description);
