using Hangfire;
using Hangfire.Server;
using Impact.Ingest.Pipeline;
using Impact.Warehouse.Runs;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// The job every schedule runs (an export schedule hands over to <see cref="ExportJob"/>): take the feed's
/// lock (one run per feed at a time), ingest, record the attempt in job_runs, then queue what follows when rows
/// were stored or changed. Transient faults retry with back-off; bad data never retries
/// (<see cref="BadFeedDataException"/>).
/// </summary>
public sealed class FeedJob(ScheduleStore schedules, JobRuns runs, IngestOptions ingest, DropFolder drops,
    IBackgroundJobClient jobs, ExportJob exports)
{
    /// <summary>The retries of a feed: a few, spaced so a restarting database has time to come back.</summary>
    public const int Retries = 3;

    [AutomaticRetry(Attempts = Retries, DelaysInSeconds = [5, 30, 120],
        ExceptOn = [typeof(BadFeedDataException)], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task RunAsync(string scheduleName, PerformContext? context, CancellationToken ct)
    {
        var schedule = await schedules.FindAsync(scheduleName, ct);
        if (schedule is null) return; // removed after this run was queued: nothing to do
        if (schedule.Source == FeedKinds.Export)
        {
            await exports.RunScheduleAsync(schedule, JobRuns.KeyOf(context), ct);
            return;
        }
        var warehouse = schedules.Warehouse;
        var run = await runs.BeginAsync(schedule.Name, JobStep.Ingest, JobRuns.KeyOf(context), ct);
        await using var feedLock = await FeedLock.TryTakeAsync(warehouse, schedule.Name, ct);
        if (feedLock is null)
        {
            await runs.EndAsync(run, JobOutcome.Skipped, JobCounts.None,
                "Skipped: another run of this feed was in progress; its rows come with that run.");
            return;
        }

        FeedResult result;
        try
        {
            result = schedule.Source == FeedKinds.DropFolder
                ? await drops.RunAsync(warehouse, schedule, ingest, ct)
                : await FeedIngest.RunAsync(warehouse, schedule, ingest, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await EndQuietlyAsync(run, JobOutcome.Cancelled, JobCounts.None, "Cancelled: the worker was stopping.");
            throw;
        }
        catch (Exception e)
        {
            await EndQuietlyAsync(run, JobOutcome.Failed, JobCounts.None, Failure.Explain(e) + Retrying(e));
            throw new FeedFaultException(Failure.Explain(e));
        }
        if (result.Idle)
        {
            await runs.ForgetAsync(run); // a watched folder polled every minute would fill the history with nothing
            return;
        }
        await EndQuietlyAsync(run, result.Outcome, result.Counts, result.Message);
        if (result.Outcome == JobOutcome.Cancelled) throw new OperationCanceledException(ct);
        if (result.Outcome == JobOutcome.Failed)
        {
            if (result.MayRetry) throw new FeedFaultException(result.Message ?? "The feed failed; retrying.");
            throw new BadFeedDataException(result.Message ?? "The feed's data could not be stored.");
        }
        if (result.Changed && schedule.Then != ThenStep.None)
            jobs.Enqueue<ReestimateJob>(j => j.RunAsync(schedule.Name, null, CancellationToken.None));
    }

    static string Retrying(Exception e) => Failure.IsTransient(e) || e is Warehouse.ImpactException
        ? " Hangfire retries it." : "";

    // The history row is best effort when the warehouse itself is what failed: the next attempt of the
    // same job marks a row left running as interrupted.
    async Task EndQuietlyAsync(long run, string outcome, JobCounts counts, string? message)
    {
        try { await runs.EndAsync(run, outcome, counts, message); }
        catch (Exception e) when (e is Warehouse.ImpactException or System.Data.Common.DbException) { }
    }
}
