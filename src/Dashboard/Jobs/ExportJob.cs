using Hangfire;
using Hangfire.Server;
using Impact.Dashboard.Exports;
using Impact.Warehouse;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// The export step after a re-estimation (<c>--then export</c>): the executive pack of the run that step made,
/// written to <see cref="JobsOptions.ExportFolder"/> and e-mailed to the owners' recipients when mail is set
/// up; and an export schedule of its own (<see cref="RunScheduleAsync"/>). Recorded like every export
/// (export_runs, requested by <c>job:&lt;schedule&gt;</c>) and in the history.
/// </summary>
public sealed class ExportJob(JobRuns runs, ExportPack pack, JobsOptions options, IConfiguration configuration,
    Database warehouse)
{
    /// <summary>
    /// An export schedule: the pack of the newest succeeded estimate run, to <c>&lt;out&gt;/run-&lt;run&gt;</c>
    /// and/or by e-mail, as the schedule says. With no succeeded run yet it fails and says so, without retrying.
    /// </summary>
    public async Task RunScheduleAsync(Schedule schedule, string? jobKey, CancellationToken ct)
    {
        var run = await runs.BeginAsync(schedule.Name, JobStep.Export, jobKey, ct);
        try
        {
            await using var db = await warehouse.OpenAsync(ct);
            var newest = await Models.Runs.EstimateRunTables.LatestSucceededAsync(db, warehouse.Dialect, ct)
                ?? throw new ImpactException("No estimate run has succeeded yet, so there is nothing to export: " +
                    "run 'impact estimate' (or a feed with --then estimate) first.");
            var folder = Path.Combine(schedule.Location, $"run-{newest.RunId}");
            var result = await pack.RunAsync(ExportRules.Options(schedule, folder) with { RunId = newest.RunId }, ct);
            await runs.EndAsync(run, JobOutcome.Succeeded, new JobCounts(0, result.Files.Count, 0,
                EstimateRunId: newest.RunId), Delivered(result, result.Files.Count > 0 ? folder : null));
        }
        catch (ImpactException e)
        {
            await runs.EndAsync(run, JobOutcome.Failed, JobCounts.None, e.Message);
            throw new BadFeedDataException(e.Message);
        }
    }

    static string Delivered(ExportResult result, string? folder)
    {
        var mailed = result.MailedTo.Count > 0 ? $"e-mailed to {string.Join(", ", result.MailedTo)}" : null;
        var written = folder is null ? null : $"{result.Files.Count} files to {folder}";
        return $"Exported estimate run {result.Run.RunId}: {string.Join(", ", new[] { written, mailed }
            .OfType<string>())}.";
    }

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string scheduleName, long estimateRunId, PerformContext? context, CancellationToken ct)
    {
        var run = await runs.BeginAsync(scheduleName, JobStep.Export, JobRuns.KeyOf(context), ct);
        try
        {
            var folder = Path.GetFullPath(Path.Combine(options.ExportFolder, scheduleName,
                $"run-{estimateRunId}"));
            var result = await pack.RunAsync(new ExportOptions
            {
                OutFolder = folder, RunId = estimateRunId, RequestedBy = $"job:{scheduleName}",
                Email = SmtpSettings.IsConfigured(configuration),
            }, ct);
            var mailed = result.MailedTo.Count > 0 ? $", e-mailed to {string.Join(", ", result.MailedTo)}" : "";
            await runs.EndAsync(run, JobOutcome.Succeeded, JobCounts.None,
                $"Exported {result.Files.Count} files to {folder}{mailed}.");
        }
        catch (ImpactException e)
        {
            await runs.EndAsync(run, JobOutcome.Failed, JobCounts.None, e.Message);
            throw;
        }
    }
}
