using System.Diagnostics;
using System.Globalization;
using Dapper;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Tests.Warehouse.Runs;

/// <summary>
/// A run whose process died is marked interrupted by the next one to open the warehouse: by its owner on
/// this host, by an old heartbeat from elsewhere. Live runs are left alone.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class StaleRunsTests(Engine engine)
{
    static string DeadOwner()
    {
        using var gone = Process.Start(new ProcessStartInfo("true"))!;
        gone.WaitForExit();
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.MachineName}/{gone.Id}/{DateTime.UtcNow.Ticks}");
    }

    static async Task<long> RunAsync(Database warehouse, string? owner, DateTimeOffset heartbeat)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        return await db.ExecuteScalarAsync<long>(warehouse.Dialect.InsertReturningId("ingest_runs",
            ["source", "location", "dry_run", "started_at", "outcome", "rows_read", "rows_stored", "rows_updated",
             "rows_unchanged", "rows_rejected", "run_owner", "heartbeat_at"], "run_id"), new
        {
            source = "kpi", location = "k.csv", dry_run = 0, started_at = Clock.UtcStamp(heartbeat),
            outcome = "running",
            rows_read = 40_000, rows_stored = 40_000, rows_updated = 0, rows_unchanged = 0, rows_rejected = 0,
            run_owner = owner, heartbeat_at = Clock.UtcStamp(heartbeat),
        });
    }

    static async Task<string> OutcomeAsync(Database warehouse, long runId)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        return await db.ExecuteScalarAsync<string>("SELECT outcome FROM ingest_runs WHERE run_id = @runId",
            new { runId }) ?? "";
    }

    [Test]
    public async Task The_next_open_marks_runs_of_dead_processes_interrupted_and_leaves_live_ones_running()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var dead = await RunAsync(warehouse, DeadOwner(), DateTimeOffset.UtcNow);
        var live = await RunAsync(warehouse, RunOwner.Current, DateTimeOffset.UtcNow.AddHours(-3));
        var elsewhereStale = await RunAsync(warehouse, "another-host/42/1", DateTimeOffset.UtcNow.AddHours(-1));
        var elsewhereFresh = await RunAsync(warehouse, "another-host/43/1", DateTimeOffset.UtcNow.AddMinutes(-1));

        await Migrator.RequireCurrentAsync(warehouse, CancellationToken.None);

        Assert.That(await OutcomeAsync(warehouse, dead), Is.EqualTo(StaleRuns.Interrupted), "its process is gone");
        Assert.That(await OutcomeAsync(warehouse, live), Is.EqualTo("running"),
            "this process is alive, however old its heartbeat");
        Assert.That(await OutcomeAsync(warehouse, elsewhereStale), Is.EqualTo(StaleRuns.Interrupted),
            "no heartbeat for an hour");
        Assert.That(await OutcomeAsync(warehouse, elsewhereFresh), Is.EqualTo("running"),
            "another host, a fresh heartbeat");
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var ended = await db.QuerySingleAsync<(string? EndedAt, string? Message, long Stored)>(
            "SELECT ended_at, message, rows_stored FROM ingest_runs WHERE run_id = @dead", new { dead });
        Assert.That(ended.EndedAt, Is.Not.Null);
        Assert.That(ended.Message, Does.Contain("batches it committed are kept"));
        Assert.That(ended.Stored, Is.EqualTo(40_000), "the counts of its last commit stay");
    }

    [Test]
    public void An_owner_on_this_host_is_gone_only_when_no_process_with_its_id_and_start_time_runs()
    {
        Assert.That(RunOwner.IsGone(RunOwner.Current), Is.False);
        Assert.That(RunOwner.IsGone(DeadOwner()), Is.True);
        var recycled = RunOwner.Current[..RunOwner.Current.LastIndexOf('/')] + "/1";
        Assert.That(RunOwner.IsGone(recycled), Is.True, "same process id, another start time: another process");
        Assert.That(RunOwner.IsGone("elsewhere/1/1"), Is.Null, "cannot be checked from here");
        Assert.That(RunOwner.IsGone(null), Is.Null);
    }
}
