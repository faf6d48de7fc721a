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

    public static async Task TakeAsync(PgTransaction tx, string streamId, bool shared, CancellationToken cancellationToken)
    {
        await using var command = tx.Command(shared
            ? "SELECT pg_advisory_xact_lock_shared(@space, hashtext(@stream))"
            : "SELECT pg_advisory_xact_lock(@space, hashtext(@stream))");
        command.Parameters.AddWithValue("space", Space);
        command.Parameters.AddWithValue("stream", streamId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
