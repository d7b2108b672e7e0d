using System.Diagnostics;
using System.Globalization;
using Dapper;
using Hangfire;
using Impact.Dashboard.Jobs;
using Impact.Ingest.Pipeline;
using Impact.Models.Runs;
using Impact.Models.Simulation;
using Impact.Warehouse;

namespace Impact.Bench;

/// <summary>
/// `reestimate-workers`: a scheduled re-estimation of every pair of a simulated organisation (5 interventions ×
/// its performance metrics, 24 months) on a throw-away PostgreSQL, fanned out one Hangfire job per pair, run by
/// one `impact worker --workers 1` and then by two (one core's worth of threads each: a pair's learners are
/// single-threaded). Wall time from queueing the re-estimation to the run's completion, median of
/// `--repeats R` (default 3) per worker count; the one-worker time is the floor the two-worker time is quoted
/// against. `--employees N` (default 30,000). Each repeat forgets the previous run's inputs, so every pair is
/// estimated again. Prints the load average beside each figure: the machine is shared.
/// </summary>
public static class ReestimateWorkersBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var employees = 30_000;
        var repeats = 3;
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--employees") employees = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--repeats") repeats = int.Parse(args[++i], CultureInfo.InvariantCulture);
        }
        using var postgres = BenchPostgres.Start();
        var setting = "postgres:" + postgres.ConnectionString(postgres.CreateDatabase());
        var warehouse = Database.FromSetting(setting);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var simulation = new SimulationOptions { Employees = employees, Months = 24, Seed = 1 };
        var folder = Path.Combine(Path.GetTempPath(), $"impact-reestimate-{Environment.ProcessId}");
        await CanonicalFiles.WriteAsync(new OrganisationSimulator(simulation).Run(), folder, simulation,
            CancellationToken.None);
        await FolderIngest.RunAsync(warehouse, folder, new IngestOptions(), CancellationToken.None);
        Directory.Delete(folder, recursive: true);
        Console.WriteLine($"reestimate-workers: {employees:N0} employees loaded into PostgreSQL in " +
            $"{watch.Elapsed.TotalSeconds:0} s; median of {repeats}, on {Environment.ProcessorCount} cores");

        var medians = new Dictionary<int, double>();
        foreach (var workers in new[] { 1, 2 })
        {
            var processes = Enumerable.Range(0, workers).Select(_ => StartWorker(setting)).ToList();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10)); // the servers up and polling
                var times = new List<double>();
                for (var r = 0; r < repeats; r++)
                {
                    var (seconds, pairs) = await ReestimateAsync(warehouse);
                    times.Add(seconds);
                    Console.WriteLine($"  {workers} worker(s), run {r + 1}: {seconds:0.0} s for {pairs} pairs " +
                        $"(load average {Load()})");
                }
                var sorted = times.Order().ToList(); // an even count: the mean of the middle two
                medians[workers] = (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
            }
            finally
            {
                foreach (var p in processes) p.Kill(entireProcessTree: true);
            }
        }
        Console.WriteLine($"one worker {medians[1]:0.0} s (the floor); two workers {medians[2]:0.0} s, " +
            $"{medians[1] / medians[2]:0.00}× as fast");
        return 0;
    }

    /// <summary>Queues the re-estimation as a feed would and waits for its run to complete.</summary>
    static async Task<(double Seconds, long Pairs)> ReestimateAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync("DELETE FROM estimate_run_inputs"); // nothing to carry: every pair again
        var before = await db.ExecuteScalarAsync<long?>("SELECT MAX(run_id) FROM estimate_runs") ?? 0;
        JobsSetup.Serialization(GlobalConfiguration.Configuration);
        var client = new BackgroundJobClient(JobStore.Create(warehouse));
        var watch = Stopwatch.StartNew();
        client.Enqueue<ReestimateJob>(j => j.RunAsync("bench", null, CancellationToken.None));
        while (true)
        {
            await Task.Delay(250);
            var run = await db.QuerySingleOrDefaultAsync<(long RunId, string Status)>(
                "SELECT run_id, status FROM estimate_runs WHERE run_id > @before ORDER BY run_id DESC LIMIT 1",
                new { before });
            if (run.Status is null || run.Status == EstimateRunStatus.Running) continue;
            if (run.Status != EstimateRunStatus.Succeeded)
                throw new InvalidOperationException($"estimate run {run.RunId} {run.Status}");
            var pairs = await db.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM estimate_run_pairs WHERE run_id = @RunId", new { run.RunId });
            return (watch.Elapsed.TotalSeconds, pairs);
        }
    }

    static Process StartWorker(string setting)
    {
        var root = BenchProcess.RepositoryRoot();
        var start = new ProcessStartInfo("dotnet",
            [Path.Combine(root, "jobs", "bin", "Release", "net10.0", "impact.dll"), "worker", "--workers", "1"])
        {
            WorkingDirectory = root,
        };
        start.Environment["IMPACT_DB"] = setting;
        return BenchProcess.Start(start);
    }

    static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
