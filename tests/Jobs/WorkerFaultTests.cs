using Dapper;
using Impact.Dashboard.Jobs;
using Impact.Ingest.Pipeline;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Jobs;

/// <summary>
/// `impact worker` processes on a real PostgreSQL: a worker killed mid-job, the database stopped and
/// started mid-run, one feed triggered twice. Each ends with exactly the file's rows and an honest history.
/// </summary>
public sealed class WorkerFaultTests
{
    /// <summary>Enough KPI rows that an ingest runs for seconds on this machine's PostgreSQL.</summary>
    const int KpiRows = 145_200; // the whole sample file: set-based KPI batches made smaller files too quick

    static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    readonly List<WorkerProcess> started = [];

    [TearDown]
    public void StopWorkers()
    {
        foreach (var worker in started) worker.Dispose();
        started.Clear();
    }

    /// <summary>A migrated warehouse with the sample employees and metrics, a KPI file and its schedule.</summary>
    static async Task<(Database Warehouse, Dictionary<string, string?> Env)> PrepareAsync(Database warehouse,
        int rows = KpiRows)
    {
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        var samples = Path.Combine(RepoPaths.Root, "data-samples");
        foreach (var (source, file) in new[] { ("employees", "employees.csv"), ("metrics", "metrics.json") })
            await IngestSources.RunAsync(warehouse, source, Path.Combine(samples, file), new IngestOptions(),
                CancellationToken.None);
        var kpi = TempFiles.NewPath(".csv");
        await File.WriteAllLinesAsync(kpi, File.ReadLines(Path.Combine(samples, "kpi.csv")).Take(rows + 1));
        var env = new Dictionary<string, string?>
        {
            [DatabaseTarget.EnvironmentVariable] = "postgres:" + warehouse.Target.ConnectionString,
            ["Impact__Jobs__InvisibilitySeconds"] = "10",
        };
        var add = await ImpactProcess.RunAsync(["jobs", "add", "kpis", "--source", "kpi", "--path", kpi, "--cron",
            "0 0 1 1 *"], environment: env);
        Assert.That(add.ExitCode, Is.Zero, add.Error);
        return (warehouse, env);
    }

    WorkerProcess Worker(Dictionary<string, string?> env, int workers = 1)
    {
        var worker = WorkerProcess.Start(["worker", "--workers", workers.ToString(
            System.Globalization.CultureInfo.InvariantCulture)], env);
        started.Add(worker);
        return worker;
    }

    static async Task<string> TriggerAsync(Dictionary<string, string?> env)
    {
        var trigger = await ImpactProcess.RunAsync(["jobs", "trigger", "kpis"], environment: env);
        Assert.That(trigger.ExitCode, Is.Zero, trigger.Error);
        return System.Text.RegularExpressions.Regex.Match(trigger.Output, @"as job (\S+);").Groups[1].Value;
    }

    static async Task<long> KpiCountAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        return await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM kpi_observations");
    }

    static async Task<IReadOnlyList<JobRunRecord>> HistoryAsync(Database warehouse) =>
        (await new JobRuns(warehouse).RecentAsync("kpis", 50, CancellationToken.None)).Reverse().ToList();

    [Test]
    public async Task A_job_whose_worker_is_killed_is_finished_by_the_other_with_every_row_once()
    {
        var (warehouse, env) = await PrepareAsync(await TestDatabases.CreateEmptyAsync(Engine.Postgres));
        var first = Worker(env);
        var second = Worker(env);
        await first.WaitForAsync("health at", Long);
        await second.WaitForAsync("health at", Long);
        var id = await TriggerAsync(env);

        var until = DateTime.UtcNow + Long;
        while (!first.Printed($"job {id} started") && !second.Printed($"job {id} started") && DateTime.UtcNow < until)
            await Task.Delay(100);
        var (victim, survivor) = first.Printed($"job {id} started") ? (first, second) : (second, first);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // mid-ingest
        Assert.That(victim.Printed($"job {id} succeeded"), Is.False, "the ingest must still be running");
        victim.Signal("KILL");
        var killedAt = DateTime.UtcNow;

        await survivor.WaitForAsync($"job {id} succeeded", Long);
        Assert.That(DateTime.UtcNow - killedAt, Is.LessThan(TimeSpan.FromSeconds(60)), "taken over within 60 s");
        Assert.That(await KpiCountAsync(warehouse), Is.EqualTo(KpiRows), "none lost, none twice");
        var history = await HistoryAsync(warehouse);
        Assert.That(history.Select(h => (h.JobId, h.Attempt, h.Outcome)), Is.EqualTo(new[]
        {
            (id, 1L, JobOutcome.Interrupted), (id, 2L, JobOutcome.Succeeded),
        }));
        Assert.That(history[0].Worker, Is.Not.EqualTo(history[1].Worker));
        Assert.That(history[1].RowsRead, Is.EqualTo(KpiRows));
    }

    [Test]
    public async Task One_feed_triggered_twice_at_once_runs_once_and_the_other_trigger_says_it_was_skipped()
    {
        var (warehouse, env) = await PrepareAsync(await TestDatabases.CreateEmptyAsync(Engine.Postgres));
        var worker = Worker(env, workers: 2);
        await worker.WaitForAsync("health at", Long);
        var ids = await Task.WhenAll(TriggerAsync(env), TriggerAsync(env));

        foreach (var id in ids) await worker.WaitForAsync($"job {id} (succeeded|failed)", Long);
        var history = await HistoryAsync(warehouse);
        Assert.That(history.Select(h => h.Outcome).Order(), Is.EqualTo(new[] { JobOutcome.Skipped,
            JobOutcome.Succeeded }), string.Join("\n", history.Select(h => $"{h.JobId} {h.Outcome} {h.Message}")));
        Assert.That(history.Single(h => h.Outcome == JobOutcome.Skipped).Message, Does.Contain("another run"));
        Assert.That(await KpiCountAsync(warehouse), Is.EqualTo(KpiRows));
    }

    [Test]
    public async Task A_run_whose_database_stops_and_starts_again_is_retried_and_completes()
    {
        // Its own cluster: stopping the shared one would break every other test using it.
        var server = await PostgresServer.StartLocalAsync(LoopbackPort.Free);
        if (server is null) Assert.Ignore("PostgreSQL restart test skipped: no PostgreSQL server binaries.");
        try
        {
            var warehouse = Database.FromSetting("postgres:" + await server!.CreateDatabaseAsync());
            (_, var env) = await PrepareAsync(warehouse);
            var worker = Worker(env);
            await worker.WaitForAsync("health at", Long);
            var id = await TriggerAsync(env);
            await worker.WaitForAsync($"job {id} started", Long);
            await Task.Delay(TimeSpan.FromSeconds(1));
            server.Pause();
            await Task.Delay(TimeSpan.FromSeconds(8)); // longer than the batch retries ride out (1 + 2 + 4 s)
            server.Resume();

            await worker.WaitForAsync($"job {id} succeeded", TimeSpan.FromSeconds(120));
            Assert.That(await KpiCountAsync(warehouse), Is.EqualTo(KpiRows));
            var history = await HistoryAsync(warehouse);
            Assert.That(history[^1].Outcome, Is.EqualTo(JobOutcome.Succeeded));
            Assert.That(history.Count, Is.GreaterThan(1), "the attempt that met the outage is in the history");
        }
        finally
        {
            server?.Stop();
        }
    }
    [Test]
    public async Task Re_estimation_fanned_out_on_two_workers_stores_the_same_results_as_impact_estimate()
    {
        var warehouse = await TestDatabases.CreateEmptyAsync(Engine.Postgres);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        var organisation = TempFiles.NewFolder();
        var small = Impact.Tests.Models.CanonicalIngest.SmallOrganisation;
        await Impact.Models.Simulation.CanonicalFiles.WriteAsync(
            new Impact.Models.Simulation.OrganisationSimulator(small).Run(), organisation, small,
            CancellationToken.None);
        var env = new Dictionary<string, string?>
        {
            [DatabaseTarget.EnvironmentVariable] = "postgres:" + warehouse.Target.ConnectionString,
        };
        var add = await ImpactProcess.RunAsync(["jobs", "add", "org", "--source", "folder", "--path", organisation,
            "--cron", "0 0 1 1 *", "--then", "estimate"], environment: env);
        Assert.That(add.ExitCode, Is.Zero, add.Error);
        var first = Worker(env);
        var second = Worker(env);
        await first.WaitForAsync("health at", Long);
        await second.WaitForAsync("health at", Long);
        var trigger = await ImpactProcess.RunAsync(["jobs", "trigger", "org"], environment: env);
        Assert.That(trigger.ExitCode, Is.Zero, trigger.Error);

        var runs = new JobRuns(warehouse);
        JobRunRecord? completed = null;
        for (var until = DateTime.UtcNow + Long; completed is null && DateTime.UtcNow < until;
             await Task.Delay(500))
            completed = (await runs.RecentAsync("org", 10, CancellationToken.None)).FirstOrDefault(r =>
                r.Step == JobStep.Estimate && r.Message?.Contains("succeeded", StringComparison.Ordinal) == true);
        Assert.That(completed, Is.Not.Null, first.Output + "\n" + second.Output);
        Assert.That(first.Printed(@"succeeded: org \(estimate .+ × .+\)"), first.Output);
        Assert.That(second.Printed(@"succeeded: org \(estimate .+ × .+\)"), second.Output);

        var estimate = await ImpactProcess.RunAsync(["estimate", "--json"], environment: env);
        Assert.That(estimate.ExitCode, Is.Zero, estimate.Error);
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        const string results = "SELECT intervention_id, metric_id, verdict, reason, detail FROM estimate_results " +
            "WHERE run_id = @run ORDER BY metric_id, intervention_id";
        var fannedOut = (await db.QueryAsync<(string, string, string, string, string)>(results,
            new { run = completed!.EstimateRunId })).ToList();
        var oneProcess = (await db.QueryAsync<(string, string, string, string, string)>(results,
            new { run = await db.ExecuteScalarAsync<long>("SELECT MAX(run_id) FROM estimate_runs") })).ToList();
        Assert.That(fannedOut, Is.Not.Empty);
        Assert.That(fannedOut, Is.EqualTo(oneProcess), "verdicts, reasons, q-values and detail alike");
    }
}
