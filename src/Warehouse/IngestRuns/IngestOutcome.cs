namespace Impact.Warehouse.IngestRuns;

/// <summary>
/// How an ingest run ended, as stored in ingest_runs.outcome. Ingest writes these; the CLI's history,
/// the data page and (later) scheduled jobs read them, which is why they live beside the table and not
/// in Ingest: the dashboard reads the warehouse without referencing Ingest.
/// </summary>
public static class IngestOutcome
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";

    /// <summary>Stored, but some rows were refused.</summary>
    public const string Partial = "partial";

    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>Its process died mid-run; marked so by the next to open the warehouse (Runs.StaleRuns).</summary>
    public const string Interrupted = Runs.StaleRuns.Interrupted;

    public static bool EndedWithoutData(string outcome) => outcome is Failed or Cancelled or Interrupted;
}
