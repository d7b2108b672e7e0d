using Impact.Warehouse.Runs;

namespace Impact.Ingest.Pipeline;

/// <summary>How one ingest runs. Every source understands these; sources read the ones that apply.</summary>
public sealed record IngestOptions
{
    /// <summary>Validate and count exactly as a real run, then roll everything back.</summary>
    public bool DryRun { get; init; }

    /// <summary>A profile name (moodle, glint...) or a path to a profile JSON file, for non-canonical layouts.</summary>
    public string? Profile { get; init; }

    /// <summary>A local date format accepted beside ISO (e.g. dd.MM.yyyy, MM/dd/yyyy).</summary>
    public string? DateFormat { get; init; }

    /// <summary>Rows per transaction: big enough to amortise the commit, small enough to keep locks short.</summary>
    public int BatchSize { get; init; } = 20_000;

    /// <summary>Keep survey comment text (off by default: free text often identifies people).</summary>
    public bool KeepComments { get; init; }

    /// <summary>Called about four times a second with the running counts (progress bar or log line).</summary>
    public Action<IngestProgress>? Progress { get; init; }

    /// <summary>Pseudonymises employee ids; defaults to the key in the environment, if any.</summary>
    public Pseudonymizer? Pseudonymizer { get; init; }

    /// <summary>At most this many rejected rows are kept in ingest_rejections per run; all are counted.</summary>
    public int MaxStoredRejections { get; init; } = 100_000;

    /// <summary>Retries of a batch after a passing fault (IMPACT_RETRIES, IMPACT_BUSY_TIMEOUT).</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.FromEnvironment();

    /// <summary>The plausible dates every source accepts (IMPACT_EARLIEST_DATE, IMPACT_YEARS_AHEAD).</summary>
    public DateWindow Dates { get; init; } = DateWindow.FromEnvironment();
}

public sealed record IngestProgress(string Source, long Read, long Rejected, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Read / Elapsed.TotalSeconds : 0;
}
