using Hangfire;
using Hangfire.Server;
using Impact.Dashboard.Exports;
using Impact.Warehouse;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// The export step after a re-estimation (<c>--then export</c>): the executive pack of the run that step made,
/// written to <see cref="JobsOptions.ExportFolder"/> and e-mailed to the owners' recipients when mail is set
/// up. Recorded like every export (export_runs, requested by <c>job:&lt;schedule&gt;</c>) and in the history.
/// </summary>
public sealed class ExportJob(JobRuns runs, ExportPack pack, JobsOptions options, IConfiguration configuration)
{
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
