using System.Data.Common;
using System.Diagnostics;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;
using Impact.Warehouse.Runs;

namespace Impact.Ingest.Pipeline;

/// <summary>
/// Runs one source into the warehouse: pre-read the file (hash, encoding, shape), record the run,
/// stream rows through validation, quarantine the refused ones, store the rest in batched
/// transactions (<see cref="Batches{TRow}"/>), and reconcile. Every way a run can end is recorded:
/// succeeded, partial, failed (with one sentence; any stack trace goes to <see cref="FailureLog"/>)
/// or cancelled; a run never stays <c>running</c>, and its summary says what is in.
/// </summary>
public static class IngestRunner
{
    public static async Task<IngestSummary> RunAsync<TRow>(Database warehouse, IIngestSource<TRow> source,
        IngestOptions options,
        CancellationToken ct) where TRow : class
    {
        await using var _ = source;
        var clock = Stopwatch.StartNew();
        await Migrator.RequireCurrentAsync(warehouse, ct);
        var pseudonymizer = options.Pseudonymizer ?? Pseudonymizer.None;

        FileFacts? facts = null;
        string? refusal = null;
        if (source.Kind != InputKind.None)
        {
            var started = Stopwatch.GetTimestamp();
            try { facts = await FileCheck.ScanAsync(source.Location, source.Kind, ct); }
            catch (ImpactException e) { refusal = e.Message; }
            options.Phases?.Add($"{source.Name}: pre-read (hash, encoding, record sizes)", started);
        }

        var connection = await warehouse.OpenAsync(ct);
        var context = new IngestContext(warehouse, connection, 0, options, pseudonymizer, facts);
        try
        {
            var runId = await RunLog.StartAsync(connection, warehouse.Dialect, source.Name, source.Location,
                facts?.Sha256, options.Profile, options.DryRun, ct);
            context = new IngestContext(warehouse, connection, runId, options, pseudonymizer, facts);
            var batches = new Batches<TRow>(source, context, clock);
            var cancelled = false;
            if (refusal is null)
            {
                try
                {
                    await source.PrepareAsync(context, ct);
                    await batches.StreamAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { cancelled = true; }
                catch (ImpactException e) { refusal = e.Message; }
                catch (Exception e)
                {
                    var log = FailureLog.Write(e, $"ingest {source.Name} {source.Location} (run {runId})");
                    refusal = Failure.Explain(e) + FailureLog.Pointer(log);
                }
            }

            var summary = Summarise(source, context, batches, refusal, cancelled, clock);
            var finishing = Stopwatch.GetTimestamp();
            await FinishAsync(context, summary);
            options.Phases?.Add($"{source.Name}: run recorded as ended", finishing);
            if (options.RefreshSummaries) await SummaryRefresh.AfterIngestAsync(warehouse, options, ct);
            return summary;
        }
        finally
        {
            await context.Connection.DisposeAsync();
        }
    }

    static IngestSummary Summarise<TRow>(IIngestSource<TRow> source, IngestContext context, Batches<TRow> batches,
        string? refusal, bool cancelled, Stopwatch clock) where TRow : class
    {
        var done = batches.Done;
        var dry = context.Options.DryRun;
        var outcome = cancelled ? IngestOutcome.Cancelled
            : refusal is not null ? IngestOutcome.Failed
            : done.Read > 0 && done.Rejected == done.Read ? IngestOutcome.Failed
            : done.Rejected > 0 ? IngestOutcome.Partial
            : IngestOutcome.Succeeded;
        var message = cancelled ? Cancelled(done, dry)
            : refusal is not null ? refusal + Kept(done, batches.LastLine, dry)
            : outcome == IngestOutcome.Failed ? "No row could be stored: every row was rejected."
            : null;
        if (batches.Retries > 0 && outcome != IngestOutcome.Failed)
            context.Notes.Add(
                $"{batches.Retries} batch write(s) met a passing fault and were written again " +
                $"(last: {batches.LastFault})");
        return new IngestSummary(context.RunId, source.Name, source.Location, dry, outcome, done.Read, done.Stored,
            done.Updated, done.Unchanged, done.Rejected, batches.FirstRejections, context.Notes, message,
            clock.Elapsed);
    }

    // A problem found mid-stream comes after earlier batches were committed: say what is in, rather than
    // imply the database is untouched, and that the same input can be loaded again.
    static string Kept(BatchCounts done, long lastLine, bool dry) => dry || done.Read == 0 ? ""
        : $" Batches committed before it are kept ({done.Read:N0} rows, up to line {lastLine:N0}: " +
          $"{done.Stored:N0} stored, " +
          $"{done.Updated:N0} updated); fix the problem and run the same input again: stored rows are not duplicated.";

    static string Cancelled(BatchCounts done, bool dry) => dry
        ? "Cancelled: a dry run stores nothing."
        : $"Cancelled: the batch in progress was rolled back; {done.Read:N0} rows from batches committed before " +
          "the stop are kept " +
          $"({done.Stored:N0} stored, {done.Updated:N0} updated), and running the same input again is safe.";

    // The run record is finished even when the caller's token is cancelled (freshness must show the
    // attempt), and on a new connection, waiting at least a minute for a lock, when the run's own one
    // broke or was locked out: a run that failed because another process held the lock still says so.
    // Should even that fail, the run is marked interrupted the next time anything opens the warehouse.
    static async Task FinishAsync(IngestContext context, IngestSummary summary)
    {
        if (!Failure.BrokeConnection(context.Connection))
        {
            try
            {
                await RunLog.FinishAsync(context.Connection, summary, CancellationToken.None);
                return;
            }
            catch (DbException) { }
        }
        try
        {
            var wait = context.Warehouse.BusyTimeout;
            var patient = new Database(context.Warehouse.Target)
            {
                BusyTimeout = wait > TimeSpan.FromMinutes(1) ? wait : TimeSpan.FromMinutes(1),
            };
            await using var fresh = await patient.OpenAsync(CancellationToken.None);
            await RunLog.FinishAsync(fresh, summary, CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or ImpactException)
        {
            FailureLog.Write(e, $"recording the end of ingest run {summary.RunId}");
        }
    }
}
