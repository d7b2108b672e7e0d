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
    /// <see cref="Db.ImpactException"/> before the first row; a problem with one row yields a rejection.
    /// </summary>
    IAsyncEnumerable<Checked<TRow>> ReadAsync(IngestContext context, CancellationToken ct);

    /// <summary>Stores one row (insert, or update if changed) inside <paramref name="tx"/>.</summary>
    Task<RowOutcome> WriteAsync(TRow row, DbTransaction tx, CancellationToken ct);

    /// <summary>End-of-run work inside the last transaction (derived tables, watermarks); notes go to the
    /// context.</summary>
    Task CompleteAsync(DbTransaction tx, CancellationToken ct);
}
