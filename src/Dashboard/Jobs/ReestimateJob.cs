using Hangfire;
using Hangfire.Server;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// Re-estimates after a feed stored or changed rows, as one stored estimate run (the same code as
/// <c>impact estimate</c>), then queues the export when the schedule asks for it.
/// </summary>
public sealed class ReestimateJob(ScheduleStore schedules, JobRuns runs, EstimateOptions options, DateWindow dates,
    IBackgroundJobClient jobs)
{
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [10, 60], ExceptOn = [typeof(ImpactException)])]
    public async Task RunAsync(string scheduleName, PerformContext? context, CancellationToken ct)
    {
        var warehouse = schedules.Warehouse;
        var run = await runs.BeginAsync(scheduleName, JobStep.Estimate, JobRuns.KeyOf(context), ct);
        EstimateJob.Outcome outcome;
        try
        {
            await EstimateRequest.CheckAsync(warehouse, null, null, ct);
            outcome = await EstimateJob.RunAsync(warehouse, options, null, null, null, ct, dates);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await runs.EndAsync(run, JobOutcome.Cancelled, JobCounts.None, "Cancelled: no results were stored.");
            throw;
        }
        catch (Exception e)
        {
            await runs.EndAsync(run, JobOutcome.Failed, JobCounts.None, Failure.Explain(e));
            throw;
        }
        await runs.EndAsync(run, JobOutcome.Succeeded, new JobCounts(0, outcome.Results.Count, 0,
            EstimateRunId: outcome.RunId), $"Estimate run {outcome.RunId}: {outcome.Results.Count} pair(s).");
        var schedule = await schedules.FindAsync(scheduleName, ct);
        if (schedule?.Then == ThenStep.Export)
            jobs.Enqueue<ExportJob>(j => j.RunAsync(scheduleName, outcome.RunId, null, CancellationToken.None));
    }
}
