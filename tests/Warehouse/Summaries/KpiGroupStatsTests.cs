using Dapper;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Summaries;
using Npgsql;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Warehouse.Summaries;

/// <summary>
/// The KPI sums per team, role and location (migration 0020) equal a GROUP BY over the rows and the people's
/// current groups whenever they count as fresh; any change after they were computed makes them stale until a
/// refresh commits; and a refresh that fails or is killed leaves them as they were.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class KpiGroupStatsTests(Engine engine)
{
    [Test]
    public async Task Every_ingest_leaves_sums_equal_to_the_group_by_over_rows_and_people_as_they_are_now()
    {
        var org = new MovingOrganisation(await WithMetricsAsync(engine), seed: 20261201);
        for (var round = 0; round < 5; round++)
        {
            await org.IngestRoundAsync(Quiet with { BatchSize = 7 + round });
            Assert.That(await IsFreshAsync(org.Warehouse), Is.True, $"fresh after round {round}");
            await AssertSumsMatchRowsAsync(org.Warehouse, $"after round {round}");

            await org.IngestRoundAsync(Quiet with { DryRun = true });
            Assert.That(await IsFreshAsync(org.Warehouse), Is.True, $"a dry run changes nothing, round {round}");
        }
        Assert.That(await CountAsync(org.Warehouse, "kpi_group_stats"), Is.GreaterThan(20), "the test sums groups");
    }

    [Test]
    public async Task A_change_made_after_the_refresh_makes_the_sums_stale_and_sources_that_change_nothing_do_not()
    {
        var org = new MovingOrganisation(await WithMetricsAsync(engine), seed: 7);
        await org.IngestRoundAsync();
        var w = org.Warehouse;

        var interventions = await RunAsync(w, "interventions", File("""
            intervention_id,name,kind,cost_per_participant,currency
            coach,Coaching,coaching,100,EUR
            """));
        Assert.That(interventions.ExitCode, Is.Zero, interventions.Describe());
        Assert.That(await IsFreshAsync(w), Is.True, "a source that writes no KPI rows or employees");

        // An employee moved by an ingest whose refresh has not run: no KPI row and no count changed.
        await org.MoveSomeoneAsync(Quiet with { RefreshSummaries = false });
        Assert.That(await IsFreshAsync(w), Is.False, "moved after the refresh");
        Assert.That(await RefreshIfStaleAsync(w), Is.Not.EqualTo(Nothing));
        Assert.That(await IsFreshAsync(w), Is.True);
        await AssertSumsMatchRowsAsync(w, "after the late refresh");
        Assert.That(await RefreshIfStaleAsync(w), Is.EqualTo(Nothing),
            "fresh sums are not computed again");
        Assert.That(await KpiGroupStats.RefreshAsync(w, CancellationToken.None, whenStale: true), Is.EqualTo(Nothing),
            "nor by a refresh that finds, once it has its turn, that another one computed them meanwhile");

        await org.ExecuteAsync("DELETE FROM kpi_observations WHERE subject_id = 'E1'");
        Assert.That(await IsFreshAsync(w), Is.False, "a hand-written deletion");
    }

    [Test]
    public async Task A_refresh_that_fails_or_is_killed_before_it_commits_leaves_the_stale_sums_stale()
    {
        var org = new MovingOrganisation(await WithMetricsAsync(engine), seed: 11);
        await org.IngestRoundAsync();
        await org.MoveSomeoneAsync(Quiet with { RefreshSummaries = false });
        var w = org.Warehouse;
        var before = await SumsAsync(w, "kpi_group_stats");

        // PostgreSQL: the server ends the refresh's session; SQLite: the process fails inside the transaction.
        Assert.That(async () => await KpiGroupStats.RefreshAsync(w, CancellationToken.None, async db =>
        {
            if (engine == Engine.Postgres) await db.ExecuteAsync("SELECT pg_terminate_backend(pg_backend_pid())");
            throw new InvalidOperationException("killed before the commit");
        }), Throws.InstanceOf<InvalidOperationException>().Or.InstanceOf<PostgresException>()
            .Or.InstanceOf<NpgsqlException>());

        Assert.That(await IsFreshAsync(w), Is.False, "still stale: nothing of the refresh was kept");
        Assert.That(await SumsAsync(w, "kpi_group_stats"), Is.EqualTo(before));
        Assert.That(await RefreshIfStaleAsync(w), Is.Not.EqualTo(Nothing));
        await AssertSumsMatchRowsAsync(w, "after the next refresh");
    }

    [Test]
    public async Task A_refresh_that_a_change_overtakes_while_it_reads_keeps_nothing_and_the_sums_stay_stale()
    {
        if (engine == Engine.Sqlite)
            Assert.Ignore("Only a server lets another connection commit while a refresh reads: SQLite's refresh " +
                "holds its one write lock, so nothing can change under it.");
        var org = new MovingOrganisation(await WithMetricsAsync(engine), seed: 13);
        await org.IngestRoundAsync();
        await org.MoveSomeoneAsync(Quiet with { RefreshSummaries = false });
        var w = org.Warehouse;
        var before = await SumsAsync(w, "kpi_group_stats");

        // Another person moves and commits while the refresh has read the rows but not yet committed.
        var refreshed = await KpiGroupStats.RefreshAsync(w, CancellationToken.None,
            _ => org.MoveSomeoneAsync(Quiet with { RefreshSummaries = false }));

        Assert.That(refreshed, Is.EqualTo(Nothing));
        Assert.That(await IsFreshAsync(w), Is.False);
        Assert.That(await SumsAsync(w, "kpi_group_stats"), Is.EqualTo(before), "nothing of the refresh was kept");
        Assert.That(await RefreshIfStaleAsync(w), Is.Not.EqualTo(Nothing));
        await AssertSumsMatchRowsAsync(w, "after the next refresh");
    }

    [Test]
    public async Task Upgrading_fills_the_sums_from_the_rows_already_stored_and_counts_them_fresh()
    {
        var w = await TestDatabases.CreateEmptyAsync(engine);
        await Migrator.MigrateAsync(w, CancellationToken.None, targetVersion: 19);
        await using (var db = await w.OpenAsync(CancellationToken.None))
        {
            await db.ExecuteAsync("""
                INSERT INTO metrics (metric_id, name, direction, owner, level, kind)
                VALUES ('sales', 'Sales', 'higher_is_better', 'Head of Sales', 'employee', 'performance')
                """);
            await db.ExecuteAsync("""
                INSERT INTO employees (employee_id, team_id, role, location) VALUES
                ('E1', 'T1', 'Agent', 'Leeds'), ('E2', 'T1', 'Agent', NULL), ('E3', 'T2', NULL, 'York')
                """);
            await db.ExecuteAsync("""
                INSERT INTO kpi_observations (metric_id, subject_id, period_start, value) VALUES
                ('sales', 'E1', '2025-01-01', 2), ('sales', 'E2', '2025-01-01', 4), ('sales', 'E3', '2025-01-01', 8),
                ('sales', 'E1', '2025-02-01', 5), ('sales', 'E9', '2025-02-01', 50)
                """);
        }

        await Migrator.MigrateAsync(w, CancellationToken.None);

        Assert.That(await IsFreshAsync(w), Is.True);
        Assert.That(await QueryAsync<(string?, string?, string, long, double, double, double)>(w, """
            SELECT role, location, period_start, subjects, total, low, high FROM kpi_role_location_stats
            ORDER BY period_start, role, location
            """), Is.EquivalentTo(new (string?, string?, string, long, double, double, double)[]
        {
            ("Agent", "Leeds", "2025-01-01", 1, 2, 2, 2), ("Agent", null, "2025-01-01", 1, 4, 4, 4),
            (null, "York", "2025-01-01", 1, 8, 8, 8), ("Agent", "Leeds", "2025-02-01", 1, 5, 5, 5),
        }));
        await AssertSumsMatchRowsAsync(w, "after the upgrade");
    }

    const GroupStatsRefresh Nothing = GroupStatsRefresh.None;

    static Task<GroupStatsRefresh> RefreshIfStaleAsync(Database w) =>
        KpiGroupStats.RefreshIfStaleAsync(w, CancellationToken.None);

    internal static async Task<bool> IsFreshAsync(Database w)
    {
        await using var db = await w.OpenAsync(CancellationToken.None);
        return await KpiGroupStats.IsFreshAsync(db, CancellationToken.None);
    }

    /// <summary>Both tables against the same GROUP BYs written here: counts and extremes exactly, sums to well
    /// within a cent (one SUM and a sum of sums round differently).</summary>
    internal static async Task AssertSumsMatchRowsAsync(Database w, string when)
    {
        const string people = "FROM kpi_observations k JOIN employees e ON e.employee_id = k.subject_id";
        await AssertEqualAsync(w, when, await SumsAsync(w, "kpi_group_stats"), await QueryAsync<Sums>(w, $"""
            SELECT k.metric_id AS Metric, e.team_id AS Team, e.role AS Role, e.location AS Location,
                   k.period_start AS Period, CAST(COUNT(*) AS BIGINT) AS Subjects, SUM(k.value) AS Total,
                   SUM(k.value * k.value) AS Squares, MIN(k.value) AS Low, MAX(k.value) AS High
            {people} GROUP BY k.metric_id, e.team_id, e.role, e.location, k.period_start
            """));
        await AssertEqualAsync(w, when, await SumsAsync(w, "kpi_role_location_stats"), await QueryAsync<Sums>(w, $"""
            SELECT k.metric_id AS Metric, 'all' AS Team, e.role AS Role, e.location AS Location,
                   k.period_start AS Period, CAST(COUNT(*) AS BIGINT) AS Subjects, SUM(k.value) AS Total,
                   SUM(k.value * k.value) AS Squares, MIN(k.value) AS Low, MAX(k.value) AS High
            {people} GROUP BY k.metric_id, e.role, e.location, k.period_start
            """));
    }

    static Task AssertEqualAsync(Database w, string when, List<Sums> stored, List<Sums> grouped)
    {
        Assert.That(grouped, Is.Not.Empty, when);
        var order = (List<Sums> s) => s.OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
        var (a, b) = (order(stored), order(grouped));
        Assert.That(a.Select(s => (s.Key, s.Subjects, s.Low, s.High)),
            Is.EqualTo(b.Select(s => (s.Key, s.Subjects, s.Low, s.High))), $"{when} ({w.Target.Engine})");
        for (var i = 0; i < a.Count; i++)
        {
            Assert.That(a[i].Total, Is.EqualTo(b[i].Total).Within(1e-6), $"{when}: total {b[i]}");
            Assert.That(a[i].Squares, Is.EqualTo(b[i].Squares).Within(1e-4), $"{when}: squares {b[i]}");
        }
        return Task.CompletedTask;
    }

    internal static Task<List<Sums>> SumsAsync(Database w, string table) => QueryAsync<Sums>(w, $"""
        SELECT metric_id AS Metric, {(table == "kpi_group_stats" ? "team_id" : "'all'")} AS Team, role AS Role,
               location AS Location, period_start AS Period, subjects AS Subjects, total AS Total,
               squares AS Squares, low AS Low, high AS High
        FROM {table}
        """); // table names are this test's constants

    internal sealed record Sums(string Metric, string? Team, string? Role, string? Location, string Period,
        long Subjects, double Total, double Squares, double Low, double High)
    {
        public string Key => $"{Metric}|{Team}|{Role}|{Location}|{Period}";
    }
}
