using Callbook.Contacts;
using Callbook.Contacts.WriteModel;
using Callbook.Storage.Postgres.Internal;
using Callbook.Stores;
using Callbook.Tenancy;

namespace Callbook.Storage.Postgres;

/// <summary>Contacts on PostgreSQL: CSV imports, streamed in batches inside one transaction.</summary>
internal sealed partial class PostgresContactStore
{
    /// <summary>Rows per INSERT: few round trips, bounded memory whatever the file's size.</summary>
    internal const int ImportBatchRows = 1000;

    /// <summary>Imports at least this large refresh the planner's statistics at once.</summary>
    internal const int AnalyzeAfterRows = 10_000;

    // The contacts and the webhook outbox an import may have filled; a table another session holds (an autovacuum) is left to autovacuum.
    private const string AnalyzeSql = "ANALYZE (SKIP_LOCKED) contacts, webhook_deliveries";

    public async Task<ImportResult> ImportContactsAsync(StreamScope scope, Actor actor, IAsyncEnumerable<ImportRow> rows, ImportOptions options, CancellationToken cancellationToken)
    {
        var result = await ImportInOneTransactionAsync(scope, actor, rows, options, cancellationToken);
        if (result.Imported >= AnalyzeAfterRows)
        {
            // A big new stream is unknown to the statistics until autovacuum gets to it (a minute or
            // more); meanwhile the planner thinks it small and looks contacts up by scanning it.
            await database.RunUpkeepAsync(AnalyzeSql, null, cancellationToken);
        }
        return result;
    }

    // Not retried: the rows are a stream that cannot be read twice.
    private Task<ImportResult> ImportInOneTransactionAsync(StreamScope scope, Actor actor, IAsyncEnumerable<ImportRow> rows, ImportOptions options, CancellationToken cancellationToken) =>
        database.WriteAsync(async tx =>
        {
            var (now, report, created) = (ChangeTime.Now(database.Clock), new ImportReport(options), options.KeepCreated ? new List<Contact>() : null);
            // Two batches take turns: while one batch's INSERT runs on the server, the file's next rows are read
            // and checked into the other. The statements themselves still run one after the other, in row order.
            var batch = new ImportBatch(tx, scope, actor, now, report, created);
            var spare = new ImportBatch(tx, scope, actor, now, report, created);
            var inserting = Task.CompletedTask;
            try
            {
                await foreach (var row in rows.WithCancellation(cancellationToken))
                {
                    report.Total++;
                    if (batch.Add(row) == ImportBatchRows)
                    {
                        await inserting;
                        inserting = batch.FlushAsync(cancellationToken);
                        (batch, spare) = (spare, batch);
                    }
                }
            }
            finally
            {
                // Never leave a statement running on the connection the transaction is about to give back.
                await inserting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            await inserting;
            await batch.FlushAsync(cancellationToken);
            if (report.Failed > 0 && !options.Partial)
            {
                tx.RequestRollback();
                return new ImportResult(report.Total, 0, report.Failed, report.Errors, created is null ? null : []);
            }
            // Each of the two batches counted the rows it inserted.
            tx.Count(scope.StreamId, batch.Counts.Plus(spare.Counts));
            return new ImportResult(report.Total, report.Imported, report.Failed, report.Errors, created);
        }, cancellationToken, retry: false);

    /// <summary>
    /// Rows waiting for one multi-row INSERT. Outcomes are reported in row order, as if the rows
    /// were inserted one by one: a later row repeating a number loses to the earlier one.
    /// </summary>
    private sealed class ImportBatch(PgTransaction tx, StreamScope scope, Actor actor, DateTimeOffset now, ImportReport report, List<Contact>? created)
    {
        private readonly List<ImportRow> pending = new(ImportBatchRows);
        private readonly ContactColumns columns = new(ImportBatchRows);

        /// <summary>The contacts this batch imported per status, for the stream's counters.</summary>
        public ContactCounts Counts { get; private set; }

        public int Add(ImportRow row)
        {
            pending.Add(row);
            return pending.Count;
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            // The batch's claims go to one INSERT (ContactInserts: a later row repeating a number
            // loses, an inactive row claims none); the unique index refuses numbers held before.
            var idByRow = new string?[pending.Count];
            var good = pending.Where(row => row.Fields is not null).ToList();
            var repeats = ContactInserts.Repeats([.. good.Select(row => row.Fields!.CellPhone.PhoneNumber)], [.. good.Select(row => row.Status)]);
            for (int i = 0, g = 0; i < pending.Count; i++)
            {
                if (pending[i].Fields is { } fields && repeats[g++] is null)
                {
                    idByRow[i] = Ids.NewContactId(now);
                    columns.Add(idByRow[i]!, fields, status: pending[i].Status);
                }
            }
            var inserted = await columns.InsertAsync(tx, scope, actor, now, cancellationToken);
            var losers = pending.Where((row, i) => row.Fields is not null && (idByRow[i] is not { } id || !inserted.Contains(id)))
                .Select(row => row.Fields!.CellPhone.PhoneNumber).ToList();
            var holders = losers.Count == 0
                ? []
                : await ContactRows.FindHoldersAsync(tx, scope.StreamId, losers, cancellationToken);
            for (var i = 0; i < pending.Count; i++)
            {
                var row = pending[i];
                if (row.Fields is null)
                {
                    report.Fail(row, row.Errors);
                }
                else if (idByRow[i] is { } id && inserted.Contains(id))
                {
                    report.Imported++;
                    Counts = Counts.Plus(ContactCounts.One(row.Status));
                    created?.Add(ContactInserts.New(id, scope, actor, row.Fields, now, row.Status));
                }
                else
                {
                    report.PhoneInUse(row, holders.GetValueOrDefault(row.Fields.CellPhone.PhoneNumber));
                }
            }
            pending.Clear();
            columns.Clear();
        }
    }
}
