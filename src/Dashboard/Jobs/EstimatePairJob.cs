using Hangfire;
using Hangfire.Server;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Warehouse.Runs;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// One intervention × metric pair of a fanned-out re-estimation (<see cref="ReestimateJob"/>): estimate it,
/// store it once, and if it was the last pair, record how the run ended and queue the export when the
/// schedule asks for it. A worker that dies mid-pair leaves it pending; its retry estimates it again.
/// </summary>
public sealed class EstimatePairJob(ScheduleStore schedules, JobRuns runs, EstimateOptions options,
    DateWindow dates, PanelCache panels, IBackgroundJobClient jobs)
{
    // Estimation errors are the pair's own and fail it at once (stored, named by the run); what is left to
    // throw is the warehouse out of reach, which is worth retrying.
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120])]
    [JobDisplayName("Estimate {2} × {3} (run {1}, {0})")]
    public async Task RunAsync(string scheduleName, long runId, string interventionId, string metricId,
        bool describesHighPerformers, PerformContext? context, CancellationToken ct)
    {
        var done = await FanOutPairs.EstimateAsync(schedules.Warehouse, runId,
            new FanOutRun.Pair(interventionId, metricId, describesHighPerformers), options, panels, dates, ct);
        if (done.Completed is { } status)
            await AfterRunAsync(scheduleName, runId, status, JobRuns.KeyOf(context), runs, schedules, jobs, ct);
    }

    /// <summary>The run is complete: one history row saying how it ended, then the export if asked for.</summary>
    public static async Task AfterRunAsync(string scheduleName, long runId, string status, string? jobKey,
        JobRuns runs, ScheduleStore schedules, IBackgroundJobClient jobs, CancellationToken ct)
    {
        var summary = await FanOutRun.SummaryAsync(schedules.Warehouse, runId, ct);
        var row = await runs.BeginAsync(scheduleName, JobStep.Estimate, jobKey, ct);
        var succeeded = status == EstimateRunStatus.Succeeded;
        var carried = summary.Carried > 0 ? $", {summary.Carried} carried unchanged" : "";
        await runs.EndAsync(row, succeeded ? JobOutcome.Succeeded : JobOutcome.Failed,
            new JobCounts(0, summary.Pairs - summary.Failed, 0, EstimateRunId: runId),
            succeeded ? $"Estimate run {runId} succeeded: {summary.Pairs} pair(s){carried}, " +
                $"{summary.Took?.TotalSeconds:N0} s from start to the last pair."
                : $"Estimate run {runId} failed: {summary.Message}");
        if (!succeeded) return;
        var schedule = await schedules.FindAsync(scheduleName, ct);
        if (schedule?.Then == ThenStep.Export)
            jobs.Enqueue<ExportJob>(j => j.RunAsync(scheduleName, runId, null, CancellationToken.None));
    }
}
