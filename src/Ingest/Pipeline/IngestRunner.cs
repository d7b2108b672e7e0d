using System.Data.Common;
using System.Diagnostics;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;

namespace Impact.Ingest.Pipeline;

/// <summary>
/// Runs one source into the warehouse: pre-read the file (hash, encoding, shape), record the run,
/// stream rows through validation, quarantine the refused ones, store the rest in batched
/// transactions, and reconcile. A dry run does all of it in one transaction that is rolled back.
/// </summary>
public static class IngestRunner
{
    public static async Task<IngestSummary> RunAsync<TRow>(Database warehouse, IIngestSource<TRow> source, IngestOptions options,
        CancellationToken ct) where TRow : class
    {
        await using var _ = source;
        var clock = Stopwatch.StartNew();
        await Migrator.RequireCurrentAsync(warehouse, ct);
        var pseudonymizer = options.Pseudonymizer ?? Pseudonymizer.None;
        await using var connection = await warehouse.OpenAsync(ct);

        FileFacts? facts = null;
        string? refusal = null;
        if (source.Kind != InputKind.None)
        {
            try { facts = await FileCheck.ScanAsync(source.Location, source.Kind, ct); }
            catch (ImpactException e) { refusal = e.Message; }
        }

        var runId = await RunLog.StartAsync(connection, warehouse.Dialect, source.Name, source.Location, facts?.Sha256,
            options.Profile, options.DryRun, ct);
        var context = new IngestContext(warehouse, connection, runId, options, pseudonymizer, facts);
        var run = new Counts();

        if (refusal is null)
        {
            try
            {
                await source.PrepareAsync(context, ct);
                await StreamAsync(source, context, run, clock, ct);
            }
            catch (ImpactException e) { refusal = e.Message; }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await FinishAsync(connection, Summary(source, context, run, IngestOutcome.Cancelled, "Cancelled: batches committed before the stop are kept, the current one was rolled back.", clock));
                throw;
            }
        }

        var outcome = refusal is not null ? IngestOutcome.Failed
            : run.Read > 0 && run.Rejected == run.Read ? IngestOutcome.Failed
            : run.Rejected > 0 ? IngestOutcome.Partial
            : IngestOutcome.Succeeded;
        var message = refusal ?? (outcome == IngestOutcome.Failed ? "No row could be stored: every row was rejected." : null);
        // A problem found mid-stream (a broken database query, a CSV the parser gives up on) comes after
        // earlier batches were committed: say so rather than imply the database is untouched.
        if (refusal is not null && !options.DryRun && run.Read > 0)
            message += " Batches committed before the problem are kept; fix the input and run it again (stored rows are not duplicated).";
        var summary = Summary(source, context, run, outcome, message, clock);
        await FinishAsync(connection, summary);
        return summary;
    }

    // The run record is finished even when the caller's token is cancelled: freshness must show the attempt.
    static Task FinishAsync(DbConnection connection, IngestSummary summary) => RunLog.FinishAsync(connection, summary, CancellationToken.None);

    static IngestSummary Summary<TRow>(IIngestSource<TRow> source, IngestContext context, Counts run, string outcome, string? message,
        Stopwatch clock) where TRow : class =>
        new(context.RunId, source.Name, source.Location, context.Options.DryRun, outcome, run.Read, run.Stored, run.Updated,
            run.Unchanged, run.Rejected, run.FirstRejections, context.Notes, message, clock.Elapsed);

    static async Task StreamAsync<TRow>(IIngestSource<TRow> source, IngestContext context, Counts run, Stopwatch clock,
        CancellationToken ct) where TRow : class
    {
        var options = context.Options;
        var connection = context.Connection;
        var file = Path.GetFileName(source.Location);
        var lastReport = TimeSpan.Zero;
        var inBatch = 0;
        var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            await foreach (var item in source.ReadAsync(context, ct).WithCancellation(ct))
            {
                run.Read++;
                if (item.Rejection is { } rejection)
                {
                    run.Rejected++;
                    if (run.FirstRejections.Count < IngestSummary.ShownRejections) run.FirstRejections.Add(rejection);
                    if (run.Rejected <= options.MaxStoredRejections)
                        await RunLog.RejectAsync(connection, tx, context.RunId, file, rejection, ct);
                }
                else
                {
                    switch (await source.WriteAsync(item.Row!, tx, ct))
                    {
                        case RowOutcome.Stored: run.Stored++; break;
                        case RowOutcome.Updated: run.Updated++; break;
                        default: run.Unchanged++; break;
                    }
                }

                // A dry run keeps one transaction to the end so its counts match a real run exactly.
                if (++inBatch >= options.BatchSize && !options.DryRun)
                {
                    await tx.CommitAsync(ct);
                    await tx.DisposeAsync();
                    tx = await connection.BeginTransactionAsync(ct);
                    inBatch = 0;
                }

                if ((run.Read & 1023) == 0 && options.Progress is { } progress && clock.Elapsed - lastReport > TimeSpan.FromMilliseconds(250))
                {
                    lastReport = clock.Elapsed;
                    progress(new IngestProgress(source.Name, run.Read, run.Rejected, clock.Elapsed));
                }
            }

            await source.CompleteAsync(tx, ct);
            if (run.Rejected > options.MaxStoredRejections)
                context.Notes.Add($"Only the first {options.MaxStoredRejections:N0} rejected rows were kept in ingest_rejections.");
            if (options.DryRun) await tx.RollbackAsync(CancellationToken.None);
            else await tx.CommitAsync(ct);
            options.Progress?.Invoke(new IngestProgress(source.Name, run.Read, run.Rejected, clock.Elapsed));
        }
        finally
        {
            await tx.DisposeAsync(); // disposing an uncommitted transaction rolls it back
        }
    }

    sealed class Counts
    {
        public long Read, Stored, Updated, Unchanged, Rejected;
        public readonly List<Rejection> FirstRejections = [];
    }
}
