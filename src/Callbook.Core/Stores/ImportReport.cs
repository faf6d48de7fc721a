using Callbook.Errors;

namespace Callbook.Stores;

/// <summary>Counts an import's rows and keeps the first errors (the rest are only counted); hands every failed row to <see cref="ImportOptions.Rejects"/>.</summary>
public sealed class ImportReport(ImportOptions options)
{
    private readonly int maxReportedErrors = options.MaxReportedErrors;

    private readonly List<ApiError> errors = [];
    private long unreported;

    public long Total { get; set; }

    public long Imported { get; set; }

    public long Failed { get; private set; }

    public IReadOnlyList<ApiError> Errors => unreported == 0
        ? errors
        : [.. errors, new ApiError($"{unreported} more errors are not listed", ErrorCodes.MoreErrors)];

    /// <summary>The row's number is held by <paramref name="holderId"/> (null: the store could not tell who): reported as the caller's <see cref="ImportOptions.PhoneInUse"/> says.</summary>
    public void PhoneInUse(ImportRow row, string? holderId) =>
        Fail(row, [options.PhoneInUse(row, holderId)]);

    public void Fail(ImportRow row, IReadOnlyList<ApiError> rowErrors)
    {
        Failed++;
        options.Rejects?.Add(row, rowErrors);
        foreach (var error in rowErrors)
        {
            if (errors.Count < maxReportedErrors)
            {
                errors.Add(error);
            }
            else
            {
                unreported++;
            }
        }
    }
}
