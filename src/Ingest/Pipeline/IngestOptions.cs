using Impact.Warehouse.Runs;

namespace Impact.Ingest.Pipeline;

/// <summary>How one ingest runs. Every source understands these; sources read the ones that apply.</summary>
public sealed record IngestOptions
{
    /// <summary>Validate and count exactly as a real run, then roll everything back.</summary>
    public bool DryRun { get; init; }

    /// <summary>A profile name (moodle, glint...) or a path to a profile JSON file, for non-canonical
    /// layouts.</summary>
    public string? Profile { get; init; }

    /// <summary>A local date format accepted beside ISO (e.g. dd.MM.yyyy, MM/dd/yyyy).</summary>
    public string? DateFormat { get; init; }

    /// <summary>Rows per transaction: big enough to amortise the commit, small enough to keep locks short.</summary>
    public int BatchSize { get; init; } = 20_000;

    /// <summary>Keep survey comment text (off by default: free text often identifies people).</summary>
    public bool KeepComments { get; init; }

    /// <summary>Called about four times a second with the running counts (progress bar or log line).</summary>
    public Action<IngestProgress>? Progress { get; init; }

    /// <summary>Collects the time of each phase of the run, for the ingest benches; null (no timing) otherwise.
    /// </summary>
    public PhaseTimes? Phases { get; init; }

    /// <summary>Whether the run ends by refreshing the KPI sums per team, role and location when it left them stale
    /// (<see cref="SummaryRefresh"/>); a folder load turns it off per file and refreshes once after the last.
    /// </summary>
    public bool RefreshSummaries { get; init; } = true;

    // The deployment's settings below come from the environment (IMPACT_*), bound once at the edge
    // (IngestServices.Bind: the CLI's Settings, AddIngest in the web app and worker); sources never read it.

    /// <summary>Pseudonymises employee ids before storage (<c>IMPACT_PSEUDONYM_KEY</c>); null: none.</summary>
    public Pseudonymizer? Pseudonymizer { get; init; }

    /// <summary>xAPI: an activity IRI prefix stripped to give intervention ids
    /// (<c>IMPACT_XAPI_ACTIVITY_PREFIX</c>).</summary>
    public string? XapiActivityPrefix { get; init; }

    /// <summary>xAPI: how to sign in to an LRS (<c>IMPACT_LRS_KEY</c>, <c>IMPACT_LRS_SECRET</c>).</summary>
    public Xapi.LrsCredentials Lrs { get; init; } = Xapi.LrsCredentials.None;

    /// <summary>kpi-sql: the <c>IMPACT_SQL_*</c> settings naming operational databases and their queries.</summary>
    public IReadOnlyDictionary<string, string> SqlSources { get; init; } = new Dictionary<string, string>();

    /// <summary>At most this many rejected rows are kept in ingest_rejections per run; all are counted.</summary>
    public int MaxStoredRejections { get; init; } = 100_000;

    /// <summary>Retries of a batch or an LRS page after a passing fault (<c>IMPACT_RETRIES</c>).</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>Plausible dates for every source (<c>IMPACT_EARLIEST_DATE</c>, <c>IMPACT_YEARS_AHEAD</c>).</summary>
    public DateWindow Dates { get; init; } = DateWindow.Default;

    /// <summary>xAPI: how long one LRS page may take, body included (<c>IMPACT_LRS_TIMEOUT</c> seconds).</summary>
    public TimeSpan LrsTimeout { get; init; } = TimeSpan.FromMinutes(2);
}

public sealed record IngestProgress(string Source, long Read, long Rejected, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Read / Elapsed.TotalSeconds : 0;
}
