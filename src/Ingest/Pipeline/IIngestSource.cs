using System.Data.Common;

namespace Impact.Ingest.Pipeline;

/// <summary>What the pipeline checks before reading a source: a text file of this shape, or nothing (a database, an
/// LRS).</summary>
public enum InputKind { Csv, Json, None }

/// <summary>
/// One source: reads and validates rows as a stream, and stores one row at a time inside the
/// transaction the pipeline gives it. <see cref="IngestRunner"/> does everything else (run record,
/// quarantine, batching, dry runs, progress, cancellation). See src/Ingest/README.md, "Adding a source".
/// </summary>
public interface IIngestSource<TRow> : IAsyncDisposable where TRow : class
{
    /// <summary>The source's name as recorded in ingest_runs (kpi, completions, xapi...).</summary>
    string Name { get; }

    /// <summary>The file path, or a description of where rows come from (sql:ops, an LRS URL).</summary>
    string Location { get; }

    InputKind Kind { get; }

    /// <summary>Loads lookups and prepares commands on the run's connection; nothing is written here.</summary>
    Task PrepareAsync(IngestContext context, CancellationToken ct);

    /// <summary>
    /// Rows in input order. A problem with the whole input (missing columns, unreadable) throws
    /// <see cref="Impact.Warehouse.ImpactException"/> before the first row; a problem with one row yields a rejection.
    /// </summary>
    IAsyncEnumerable<Checked<TRow>> ReadAsync(IngestContext context, CancellationToken ct);

    /// <summary>Stores one row (insert, or update if changed) inside <paramref name="tx"/>.</summary>
    Task<RowOutcome> WriteAsync(TRow row, DbTransaction tx, CancellationToken ct);

    /// <summary>
    /// Stores a whole batch set-based inside <paramref name="tx"/> (<see cref="StagedUpsert{TRow}"/>): rows in
    /// key order, no key twice. Null: this source, or this engine, stores row by row with
    /// <see cref="WriteAsync"/>.
    /// </summary>
    Task<BatchWrite?> WriteBatchAsync(IReadOnlyList<TRow> rows, DbTransaction tx, CancellationToken ct) =>
        Task.FromResult<BatchWrite?>(null);

    /// <summary>
    /// True when reading rows touches nothing that writing them changes (lookups loaded once in
    /// <see cref="PrepareAsync"/>, no notes, not the run's connection): the next batch is then read and
    /// checked while the previous one is written, on two cores.
    /// </summary>
    bool ReadsWhileWriting => false;

    /// <summary>End-of-run work inside the last transaction (derived tables, watermarks); notes go to the
    /// context.</summary>
    Task CompleteAsync(DbTransaction tx, CancellationToken ct);

    /// <summary>
    /// The row's natural key. Each batch is written in key order, so two loads of the same keys take
    /// their row locks in the same order and cannot deadlock; rows with equal keys keep their input order
    /// (the later one wins). Null keeps input order.
    /// </summary>
    string? KeyOf(TRow row) => null;

    /// <summary>
    /// After a batch's rows are written, inside its transaction, before it commits: work done once per
    /// batch rather than once per row (xAPI recomputes the completions the batch touched).
    /// </summary>
    Task FlushAsync(DbTransaction tx, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The batch's transaction committed: what the source remembered about it is now true.</summary>
    void Committed() { }

    /// <summary>
    /// The batch's transaction was rolled back (a transient fault; the batch is written again, or the run
    /// stops): forget what the source remembered about it, such as rows it believes exist.
    /// </summary>
    void RolledBack() { }

    /// <summary>
    /// True when a refused row's text must not be kept (survey answers are confidential): its rejection
    /// then keeps line, field, reason and the subject only.
    /// </summary>
    bool RawRowsAreConfidential => false;
}
