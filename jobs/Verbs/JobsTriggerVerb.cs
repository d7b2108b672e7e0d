using System.CommandLine;
using Hangfire;
using Impact.Dashboard.Jobs;
using Impact.Jobs.Jobs;
using Impact.Warehouse.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Impact.Jobs.Verbs;

/// <summary>
/// <c>impact jobs trigger &lt;name&gt;</c>: runs a feed now. On PostgreSQL or SQL Server it is queued on the
/// shared job store and a worker takes it; on SQLite, where the only job store lives inside the dashboard,
/// it runs in this process on the same job types and waits for what follows it.
/// </summary>
public static class JobsTriggerVerb
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The schedule's name." };
        var command = new Command("trigger", "Run a schedule now and print its job id.") { name };
        command.SetVerbAction(async (parse, ct) =>
        {
            var store = await JobsVerb.StoreAsync(parse, ct);
            var schedule = await store.RequireAsync(parse.GetValue(name)!, ct);
            var warehouse = store.Warehouse;
            if (JobStore.Shared(warehouse))
            {
                var client = new BackgroundJobClient(JobStore.Create(warehouse));
                JobsSetup.Serialization(GlobalConfiguration.Configuration);
                var id = client.Enqueue<FeedJob>(j => j.RunAsync(schedule.Name, null, CancellationToken.None));
                Console.WriteLine($"Queued {schedule.Name} as job {id}; a worker runs it now ('impact jobs history " +
                    $"{schedule.Name}' shows how it went).");
                return 0;
            }
            return await RunHereAsync(parse.GetValue(Cli.Db)!, schedule.Name, ct);
        });
        return command;
    }

    static async Task<int> RunHereAsync(string databaseSetting, string schedule, CancellationToken ct)
    {
        var started = Warehouse.Clock.UtcStamp();
        // As many workers as cores: a re-estimation runs one job per pair.
        await using var app = JobHost.Build(databaseSetting, workers: Environment.ProcessorCount, urls: null,
            syncSchedules: false);
        await app.StartAsync(ct);
        var storage = app.Services.GetRequiredService<JobStorage>();
        var id = app.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<FeedJob>(j => j.RunAsync(schedule, null, CancellationToken.None));
        Console.WriteLine($"Running {schedule} as job {id} in this process (a SQLite warehouse has no shared job " +
            "store), with what follows it.");
        var monitor = storage.GetMonitoringApi();
        try
        {
            // Done when the job has ended and nothing it queued is waiting, running or due to retry (a retry
            // waits seconds to minutes). A job is out of the queue a moment before it counts as processing:
            // three quiet looks in a row.
            using var connection = storage.GetConnection();
            for (var quiet = 0; quiet < 3; await Task.Delay(TimeSpan.FromMilliseconds(200), ct))
            {
                var ended = connection.GetStateData(id)?.Name is "Succeeded" or "Failed" or "Deleted";
                var busy = monitor.EnqueuedCount("default") + monitor.ProcessingCount() + monitor.ScheduledCount();
                quiet = ended && busy == 0 ? quiet + 1 : 0;
            }
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
        var runs = (await app.Services.GetRequiredService<JobRuns>().RecentAsync(schedule, 10, CancellationToken.None))
            .Where(r => string.CompareOrdinal(r.StartedAt, started) >= 0).Reverse().ToList();
        foreach (var r in runs)
            Console.WriteLine($"  {r.Step} {r.Outcome}: {r.RowsRead:N0} read, {r.RowsStored:N0} stored, " +
                $"{r.RowsRejected:N0} rejected. {r.Message}".TrimEnd());
        // The schedule's own job: its ingest, or the export of an export schedule.
        var own = runs.FirstOrDefault(r => r.JobId == $"{JobRuns.Worker}#{id}");
        if (own is null) Console.WriteLine("  nothing new to ingest.");
        return own?.Outcome switch
        {
            null => ExitCodes.Succeeded,
            JobOutcome.Succeeded or JobOutcome.Skipped => ExitCodes.Succeeded,
            JobOutcome.Partial => ExitCodes.SomeRowsRejected,
            JobOutcome.Cancelled => ExitCodes.Interrupted,
            _ => ExitCodes.NothingStored,
        };
    }
}
