using System.Data.Common;
using System.Diagnostics;
using Impact.Warehouse.Runs;

namespace Impact.Ingest.Pipeline;

/// <summary>
/// Streams a source's rows into the warehouse one batch at a time: a batch is read into memory, its rows
/// sorted by key, and written in one transaction with its rejections and the run's progress. A batch that
/// meets a transient fault (a busy SQLite file, a PostgreSQL deadlock, a dropped connection) is rolled
/// back and written again whole, on a new connection if the old one broke, up to the retry policy's
/// limit. A dry run writes every batch into one transaction that is rolled back at the end, so its counts
/// match a real run's exactly; it is not retried, as earlier batches cannot be written again.
/// </summary>
sealed class Batches<TRow>(IIngestSource<TRow> source, IngestContext context, Stopwatch clock) where TRow : class
{
    readonly IngestOptions options = context.Options;
    readonly PhaseTimes? phases = context.Options.Phases;
    readonly string file = Path.GetFileName(source.Location);
    readonly bool keepRaw = !context.Pseudonymizer.Enabled && !source.RawRowsAreConfidential;
    DbTransaction? dryRun;
    TimeSpan lastReport;

    /// <summary>Committed batches (in a dry run: the batches written into its transaction).</summary>
    public BatchCounts Done { get; } = new();

    /// <summary>The first few rejections of the committed batches, for the summary.</summary>
    public List<Rejection> FirstRejections { get; } = [];

    /// <summary>The line of the last row in a committed batch: where a re-run would pick up.</summary>
    public long LastLine { get; private set; }

    /// <summary>How many times a batch was written again, and the fault that made the last one necessary.</summary>
    public int Retries { get; private set; }
    public string? LastFault { get; private set; }

    public async Task StreamAsync(CancellationToken ct)
    {
        var capacity = Math.Min(options.BatchSize, 1 << 16);
        var batch = new List<Checked<TRow>>(capacity);
        long read = 0, rejected = 0;
        // At most one batch is written while the next is read; its commit comes before the next write starts.
        var writing = Task.CompletedTask;
        try
        {
            await foreach (var item in source.ReadAsync(context, ct).WithCancellation(ct))
            {
                read++;
                if (item.Rejection is not null) rejected++;
                batch.Add(item);
                if (batch.Count >= options.BatchSize)
                {
                    var waited = Stopwatch.GetTimestamp();
                    await writing;
                    phases?.Add($"{source.Name}: reader waits for the writer", waited);
                    if (source.ReadsWhileWriting)
                    {
                        var full = batch;
                        writing = Task.Run(() => WriteAsync(full, last: false, ct), ct);
                        batch = new List<Checked<TRow>>(capacity);
                    }
                    else
                    {
                        await WriteAsync(batch, last: false, ct);
                        batch.Clear();
                    }
                }
                if ((read & 1023) == 0 && options.Progress is { } progress
                    && clock.Elapsed - lastReport > TimeSpan.FromMilliseconds(250))
                {
                    lastReport = clock.Elapsed;
                    progress(new IngestProgress(source.Name, read, rejected, clock.Elapsed));
                }
            }
            await writing;
            await WriteAsync(batch, last: true, ct);
            options.Progress?.Invoke(new IngestProgress(source.Name, read, rejected, clock.Elapsed));
        }
        finally
        {
            // When reading failed (or was cancelled), the batch being written still ends — committed or rolled
            // back — before the run records its end on the same connection; the reading failure is reported.
            try { await writing; }
            catch (Exception e) when (e is not OutOfMemoryException) { }
            if (dryRun is not null) await RollBackAsync(dryRun); // a dry run stores nothing, whatever happened
        }
    }

    async Task WriteAsync(List<Checked<TRow>> batch, bool last, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var (rows, distinctKeys) = InKeyOrder(batch);
        phases?.Add($"{source.Name}: sort by key", started);
        for (var attempt = 1; ; attempt++)
        {
            var notes = context.Notes.Count;
            var counts = new BatchCounts { Read = batch.Count };
            var firsts = new List<Rejection>();
            DbTransaction? tx = null;
            try
            {
                tx = options.DryRun ? dryRun ??= await context.Connection.BeginTransactionAsync(ct)
                    : await context.Connection.BeginTransactionAsync(ct);
                foreach (var item in batch)
                {
                    if (item.Rejection is not { } rejection) continue;
                    counts.Rejected++;
                    if (FirstRejections.Count + firsts.Count < IngestSummary.ShownRejections) firsts.Add(rejection);
                    if (Done.Rejected + counts.Rejected <= options.MaxStoredRejections)
                        await RunLog.RejectAsync(context.Connection, tx, context.RunId, file, rejection, keepRaw, ct);
                }
                started = Stopwatch.GetTimestamp();
                if (distinctKeys && await source.WriteBatchAsync(rows, tx, ct) is { } written) counts.Count(written);
                else foreach (var row in rows) counts.Count(await source.WriteAsync(row, tx, ct));
                await source.FlushAsync(tx, ct);
                phases?.Add($"{source.Name}: write rows", started);
                if (last)
                {
                    await source.CompleteAsync(tx, ct);
                    if (Done.Rejected + counts.Rejected > options.MaxStoredRejections)
                        context.Notes.Add(
                            $"Only the first {options.MaxStoredRejections:N0} rejected rows were kept in " +
                            "ingest_rejections.");
                }
                if (!options.DryRun)
                {
                    var total = new BatchCounts();
                    total.Add(Done);
                    total.Add(counts);
                    started = Stopwatch.GetTimestamp();
                    await RunLog.ProgressAsync(context.Connection, tx, context.RunId, total, ct);
                    phases?.Add($"{source.Name}: run record", started);
                    started = Stopwatch.GetTimestamp();
                    await tx.CommitAsync(ct);
                    await tx.DisposeAsync();
                    phases?.Add($"{source.Name}: commit", started);
                }
                Done.Add(counts);
                FirstRejections.AddRange(firsts);
                if (batch.Count > 0) LastLine = batch[^1].Line;
                source.Committed();
                return;
            }
            catch (Exception e) when (!options.DryRun && attempt <= options.Retry.Retries && Failure.IsTransient(e)
                                      && !ct.IsCancellationRequested)
            {
                if (tx is not null) await RollBackAsync(tx);
                source.RolledBack();
                context.Notes.RemoveRange(notes, context.Notes.Count - notes);
                Retries++;
                LastFault = Failure.Explain(e);
                await Task.Delay(options.Retry.PauseBefore(attempt), ct);
                if (Failure.BrokeConnection(context.Connection)) await ReconnectAsync(ct);
            }
            catch
            {
                if (tx is not null && !options.DryRun) await RollBackAsync(tx);
                source.RolledBack();
                context.Notes.RemoveRange(notes, context.Notes.Count - notes);
                throw;
            }
        }
    }

    /// <summary>The batch's rows sorted by key, and whether no key repeats (only then may it be written
    /// set-based: one statement cannot insert a key and update it again).</summary>
    (List<TRow> Rows, bool DistinctKeys) InKeyOrder(List<Checked<TRow>> batch)
    {
        var rows = new List<TRow>(batch.Count);
        foreach (var item in batch)
            if (item.Row is { } row) rows.Add(row);
        if (rows.Count == 0 || source.KeyOf(rows[0]) is null) return (rows, rows.Count < 2);
        var keys = new string[rows.Count];
        var order = new int[rows.Count];
        for (var i = 0; i < keys.Length; i++) (keys[i], order[i]) = (source.KeyOf(rows[i])!, i);
        // An array sort of keys with their positions costs about half of LINQ's OrderBy, but is not stable:
        // rows with the same key are put back in input order afterwards, so the later one still wins.
        Array.Sort(keys, order, StringComparer.Ordinal);
        var distinct = true;
        for (var i = 1; i < keys.Length; i++)
        {
            if (!string.Equals(keys[i - 1], keys[i], StringComparison.Ordinal)) continue;
            distinct = false;
            var end = i + 1;
            while (end < keys.Length && string.Equals(keys[i], keys[end], StringComparison.Ordinal)) end++;
            Array.Sort(order, i - 1, end - i + 1);
            i = end - 1;
        }
        var sorted = new List<TRow>(rows.Count);
        foreach (var position in order) sorted.Add(rows[position]);
        return (sorted, distinct);
    }

    async Task ReconnectAsync(CancellationToken ct)
    {
        var broken = context.Connection;
        context.Connection = await context.Warehouse.OpenAsync(ct);
        await broken.DisposeAsync();
    }

    // Rolling back a transaction on a broken connection fails too; the server has rolled it back already.
    static async Task RollBackAsync(DbTransaction tx)
    {
        try { await tx.RollbackAsync(CancellationToken.None); }
        catch (Exception e) when (e is DbException or InvalidOperationException) { }
        try { await tx.DisposeAsync(); }
        catch (Exception e) when (e is DbException or InvalidOperationException) { }
    }
}
