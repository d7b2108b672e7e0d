using Hangfire;
using Hangfire.Server;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// Re-estimates after a feed stored or changed rows: records the estimate run with its pairs, carries the
/// pairs whose inputs did not change, and queues one <see cref="EstimatePairJob"/> per pair left, so every free
/// worker takes a share. The pair that stores the last result completes the run and queues the export.
/// </summary>
public sealed class ReestimateJob(ScheduleStore schedules, JobRuns runs, EstimateOptions options, DateWindow dates,
    IBackgroundJobClient jobs)
{
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [10, 60], ExceptOn = [typeof(ImpactException)])]
    [JobDisplayName("Re-estimate after {0}: plan the run, queue its pairs")]
    public async Task RunAsync(string scheduleName, PerformContext? context, CancellationToken ct)
    {
        var warehouse = schedules.Warehouse;
        var key = JobRuns.KeyOf(context);
        var run = await runs.BeginAsync(scheduleName, JobStep.Estimate, key, ct);
        FanOutRun.Plan plan;
        try
        {
            // An earlier attempt whose worker died after recording the run: queue what it left, never a second run.
            var earlier = await runs.EarlierEstimateRunAsync(key, run, ct);
            plan = earlier is { } id && await FanOutRun.ResumeAsync(warehouse, id, ct) is { } resumed ? resumed
                : await PlanAsync(warehouse, ct);
            await runs.LinkEstimateRunAsync(run, plan.RunId, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await runs.EndAsync(run, JobOutcome.Cancelled, JobCounts.None, "Cancelled: no run was recorded.");
            throw;
        }
        catch (Exception e)
        {
            await runs.EndAsync(run, JobOutcome.Failed, JobCounts.None, Failure.Explain(e));
            throw;
        }
        foreach (var pair in plan.ToEstimate)
            jobs.Enqueue<EstimatePairJob>(j => j.RunAsync(scheduleName, plan.RunId, pair.InterventionId,
                pair.MetricId, pair.DescribesHighPerformers, null, CancellationToken.None));
        var carried = plan.CarriedFrom is { } from ? $", {plan.Carried} carried unchanged from run {from}" : "";
        await runs.EndAsync(run, JobOutcome.Succeeded, new JobCounts(0, plan.Carried, 0, EstimateRunId: plan.RunId),
            $"Estimate run {plan.RunId} started: {plan.ToEstimate.Count} pair job(s) queued{carried}; the last pair " +
            "to finish completes the run.");
        if (plan.Completed is { } status)
            await EstimatePairJob.AfterRunAsync(scheduleName, plan.RunId, status, null, runs, schedules, jobs, ct);
    }

    async Task<FanOutRun.Plan> PlanAsync(Warehouse.Database warehouse, CancellationToken ct)
    {
        await EstimateRequest.CheckAsync(warehouse, null, null, ct);
        return await FanOutRun.BeginAsync(warehouse, options, dates, ct);
    }
}
