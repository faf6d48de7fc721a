
namespace Callbook.Storage.Postgres.Internal;

/// <summary>
/// A transaction-scoped advisory lock per stream that orders erasures against the steps that
/// keep a copy of personal data beside the contact (stored idempotent answers): an erasure takes
/// it exclusively, such a step shared. Released at commit or rollback.
/// </summary>
internal static class ErasureLock
{
    // The first key of the two-key advisory lock space: "Cb" + "er" (erasure); the second is the stream's hash.
    private const int Space = 0x43626572;

    /// <summary>The shared form, for the shared SQL stores (<see cref="Sql.SqlDialect.ShareErasureLockAsync"/>).</summary>
    public const string SharedSql = "SELECT pg_advisory_xact_lock_shared(@space, hashtext(@stream))";

    /// <summary>The lock's two keys for <see cref="SharedSql"/>.</summary>
    public static Sql.Arg[] Args(string streamId) => [Sql.Arg.Int("space", Space), Sql.Arg.Text("stream", streamId)];

    public static async Task TakeAsync(PgTransaction tx, string streamId, bool shared, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(shared
            ? SharedSql
            : "SELECT pg_advisory_xact_lock(@space, hashtext(@stream))");
        command.Parameters.AddWithValue("space", Space);
        command.Parameters.AddWithValue("stream", streamId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
