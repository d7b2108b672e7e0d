using System.Text;
using Impact.Ingest.Pipeline;
using Impact.Tests.Infrastructure;
using Impact.Tests.Ingest;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;
using Impact.Warehouse.Runs;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Jobs;

/// <summary>
/// Real signals to a real `impact` process mid-ingest: Ctrl+C and SIGTERM end the run as cancelled with the
/// committed batches kept and the exit code of the signal; SIGKILL leaves a run that the next start marks
/// interrupted. Each waits until the first batch is committed (the run record's counts move at each commit).
/// </summary>
[Parallelizable]
public sealed class SignalTests
{
    const int Rows = 600_000;

    [TestCase("INT", ExitCodes.Interrupted, "Ctrl+C")]
    [TestCase("TERM", ExitCodes.Terminated, "SIGTERM")]
    public async Task A_signal_mid_ingest_rolls_back_the_batch_in_progress_keeps_committed_ones_and_exits_with_its_code(
        string signal, int exit, string _)
    {
        var (warehouse, file) = await BigLoadAsync();
        using var process = ImpactProcess.Start(["ingest", "kpi", file, "--db", WarehouseDump.Setting(warehouse)]);
        await FirstCommitAsync(warehouse, process);

        process.Signal(signal);
        var run = await process.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.That(run.ExitCode, Is.EqualTo(exit), run.Error);
        Assert.That(run.Error, Does.Contain("Cancelled: the batch in progress was rolled back")
            .And.Contain("running the same input again is safe"));
        Assert.That(run.Error, Does.Not.Contain("   at "));
        var record = (await IngestHistory.RecentAsync(warehouse, "kpi", 1, CancellationToken.None)).Single();
        Assert.That(record.Outcome, Is.EqualTo(IngestOutcome.Cancelled));
        var stored = await CountAsync(warehouse, "kpi_observations");
        Assert.That(stored, Is.EqualTo(record.RowsStored).And.GreaterThan(0).And.LessThan(Rows),
            "whole batches only, as recorded");
        Assert.That(stored % 20_000, Is.Zero, "the batch in progress was rolled back");
    }

    [Test]
    public async Task After_SIGKILL_the_next_start_marks_the_run_interrupted_with_what_it_had_committed()
    {
        var (warehouse, file) = await BigLoadAsync();
        using var process = ImpactProcess.Start(["ingest", "kpi", file, "--db", WarehouseDump.Setting(warehouse)]);
        await FirstCommitAsync(warehouse, process);

        process.Signal("KILL");
        await process.WaitAsync(TimeSpan.FromMinutes(1));
        var left = (await IngestHistory.RecentAsync(warehouse, "kpi", 1, CancellationToken.None)).Single();
        Assert.That(left.Outcome, Is.EqualTo(IngestOutcome.Running), "a killed process cannot record anything");

        var history = await ImpactProcess.RunAsync("ingest", "history", "--db", WarehouseDump.Setting(warehouse));

        Assert.That(history.ExitCode, Is.Zero, history.Error);
        Assert.That(history.Output, Does.Contain("interrupted"));
        var record = (await IngestHistory.RecentAsync(warehouse, "kpi", 1, CancellationToken.None)).Single();
        Assert.That(record.Outcome, Is.EqualTo(IngestOutcome.Interrupted));
        Assert.That(record.Message, Does.Contain("stopped without finishing"));
        Assert.That(await CountAsync(warehouse, "kpi_observations"), Is.EqualTo(record.RowsStored),
            "its counts are what it committed");

        var again = await ImpactProcess.RunAsync(["ingest", "kpi", file, "--db", WarehouseDump.Setting(warehouse)],
            timeout: TimeSpan.FromMinutes(5));
        Assert.That(again.ExitCode, Is.Zero, again.Error);
        Assert.That(await CountAsync(warehouse, "kpi_observations"), Is.EqualTo(Rows),
            "the re-run completes the load exactly");
    }

    [Test]
    public async Task SIGTERM_mid_estimate_records_the_run_cancelled_and_exits_143()
    {
        var (warehouse, _) = await Impact.Tests.Models.CanonicalIngest.SimulatedAsync(Engine.Sqlite,
            new Impact.Models.Simulation.SimulationOptions { Employees = 2_000, Months = 24, Seed = 5 });
        using var process = ImpactProcess.Start(["estimate", "--db", WarehouseDump.Setting(warehouse)]);
        await UntilAsync(process, warehouse, "SELECT COUNT(*) FROM estimate_runs WHERE status = 'running'");

        process.Signal("TERM");
        var run = await process.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Terminated), run.Error);
        Assert.That(run.Error, Does.Contain("impact: stopped by SIGTERM; nothing half-written was kept."));
        Assert.That(run.Error, Does.Not.Contain("   at "));
        Assert.That(await QueryAsync<string>(warehouse, "SELECT status FROM estimate_runs"),
            Is.EqualTo(new[] { "cancelled" }));
        Assert.That(await CountAsync(warehouse, "estimate_results"), Is.Zero);
    }

    static async Task<(Database Warehouse, string File)> BigLoadAsync()
    {
        var warehouse = await WithMetricsAsync(Engine.Sqlite);
        var text = new StringBuilder("metric_id,subject_id,period_start,value\n", Rows * 30);
        for (var i = 0; i < Rows; i++)
            text.Append("sales,E").Append(i % 50_000).Append(",20").Append(10 + i / 50_000).Append("-01-01,").Append(i)
                .Append('\n');
        return (warehouse, File(text.ToString()));
    }

    static Task FirstCommitAsync(Database warehouse, RunningImpact process) =>
        UntilAsync(process, warehouse,
            "SELECT COALESCE(MAX(rows_stored), 0) FROM ingest_runs WHERE outcome = 'running'");

    /// <summary>Waits until <paramref name="count"/> is above zero while the process still runs.</summary>
    static async Task UntilAsync(RunningImpact process, Database warehouse, string count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            Assert.That(process.HasExited, Is.False, "the work ended before it could be interrupted");
            if ((await QueryAsync<long>(warehouse, count)).Single() > 0) return;
            await Task.Delay(50);
        }
        Assert.Fail("the work did not reach the point to interrupt within two minutes");
    }
}
