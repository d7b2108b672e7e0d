using Impact.Warehouse.Runs;

namespace Impact.Models.Runs;

/// <summary>
/// The life of an estimate run, as stored in estimate_runs.status: recorded as running, then ended as
/// succeeded (its results are stored), failed, cancelled or interrupted. Only succeeded runs are ever shown.
/// </summary>
public static class EstimateRunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>Its process died mid-run; set by whoever opens the warehouse next (<see cref="StaleRuns"/>).</summary>
    public const string Interrupted = StaleRuns.Interrupted;
}
