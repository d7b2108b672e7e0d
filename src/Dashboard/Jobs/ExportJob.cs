using Hangfire;
using Hangfire.Server;
using Impact.Warehouse;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// The export step after a re-estimation (<c>--then export</c>). It calls <see cref="ExecutivePack"/>, the
/// seam the executive pack fills in; until then the step ends failed with that sentence, never a fake file.
/// </summary>
public sealed class ExportJob(JobRuns runs)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string scheduleName, long estimateRunId, PerformContext? context, CancellationToken ct)
    {
        var run = await runs.BeginAsync(scheduleName, JobStep.Export, JobRuns.KeyOf(context), ct);
        try
        {
            var written = await ExecutivePack.ExportAsync(estimateRunId, ct);
            await runs.EndAsync(run, JobOutcome.Succeeded, JobCounts.None, $"Exported to {written}.");
        }
        catch (ImpactException e)
        {
            await runs.EndAsync(run, JobOutcome.Failed, JobCounts.None, e.Message);
            throw;
        }
    }
}

/// <summary>
/// Where a scheduled export hands over to the executive pack (charts and tables for executives). The pack
/// is not part of this version yet: the step says so, and the schedule's history shows it.
/// </summary>
public static class ExecutivePack
{
    public const string NotAvailable =
        "The executive export is not available in this version yet: the ingest and the re-estimation were stored, " +
        "nothing was exported.";

    public static Task<string> ExportAsync(long estimateRunId, CancellationToken ct) =>
        throw new ImpactException(NotAvailable);
}
