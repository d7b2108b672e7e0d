using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Hosting;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// Keeps Hangfire's recurring jobs equal to job_schedules on every server: at start, then whenever the
/// schedules change (the CLI and the Jobs page change the table, not Hangfire). Enabled schedules are added
/// or updated; disabled and deleted ones are removed. Recurring jobs Impact did not make are left alone.
/// </summary>
public sealed class ScheduleSync(ScheduleStore schedules, IRecurringJobManager recurring, JobStorage storage,
    ILogger<ScheduleSync> log) : BackgroundService
{
    /// <summary>How often a server looks for changed schedules.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? seen = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var version = await schedules.VersionAsync(stoppingToken);
                if (version != seen)
                {
                    await ApplyAsync(stoppingToken);
                    seen = version;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The warehouse may be restarting: try again at the next tick.
                log.LogWarning("Schedules not synchronised yet: {Reason}", Warehouse.Runs.Failure.Explain(e));
            }
            try { await Task.Delay(Every, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Registers every enabled schedule and removes the rest; returns the ids registered.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken ct)
    {
        var enabled = (await schedules.ListAsync(ct)).Where(s => s.Enabled).ToList();
        foreach (var s in enabled)
            recurring.AddOrUpdate<FeedJob>(s.RecurringJobId, "default",
                j => j.RunAsync(s.Name, null, CancellationToken.None), s.Cron, new RecurringJobOptions
                {
                    TimeZone = ScheduleRules.Zone(s.TimeZone),
                    MisfireHandling = MisfireHandlingMode.Relaxed,
                });
        var wanted = enabled.Select(s => s.RecurringJobId).ToHashSet();
        using var connection = storage.GetConnection();
        foreach (var stale in connection.GetRecurringJobs()
                     .Where(r => r.Id.StartsWith(Schedule.RecurringPrefix, StringComparison.Ordinal)
                         && !wanted.Contains(r.Id)))
            recurring.RemoveIfExists(stale.Id);
        return wanted.ToList();
    }
}
