namespace Callbook.Hosting.OpenApi;

/// <summary>
/// Endpoint metadata: the answer with <paramref name="Status"/> may be a file of
/// <paramref name="ContentType"/> (a CSV, a workbook) beside any JSON answer of that status.
/// Added by the result type that writes the file; <see cref="OpenApiParameters"/> adds the media type to
/// the response (the framework keeps one type per status, so a file would replace the JSON answer).
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="ContentType">The media type of the file.</param>
public sealed record FileResponseMetadata(int Status, string ContentType);
