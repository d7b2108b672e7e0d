using Impact.Ingest.Employees;
using Impact.Ingest.Kpi;
using Impact.Ingest.Pipeline;
using Impact.Ingest.Sql;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Summaries;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Pipeline;

/// <summary>Ingest ends by refreshing the KPI sums per team, role and location (<see cref="SummaryRefresh"/>):
/// once per folder, and only when the run left them stale.</summary>
public sealed class SummaryRefreshTests
{
    [Test]
    public void The_sums_count_changes_from_every_source_that_writes_kpi_rows_or_employees()
    {
        var sql = new SqlConnectionSettings("ops", DatabaseTarget.Parse("sqlite:ops.db"), "SELECT 1");
        Assert.That(KpiGroupStats.InputSources, Is.EquivalentTo(new[]
        {
            new EmployeesSource("e.csv").Name, new KpiCsvSource("k.csv").Name, new SqlKpiSource(sql).Name,
        }));
    }

    [Test]
    public async Task A_folder_refreshes_the_sums_once_after_its_last_file_and_a_run_that_changed_nothing_not_at_all()
    {
        var w = await TestDatabases.CreateMigratedAsync(Engine.Sqlite);
        var phases = new PhaseTimes();
        var dir = FolderIngestTests.Organisation();
        var report = await FolderIngest.RunAsync(w, dir, Quiet with { Phases = phases }, CancellationToken.None);
        Assert.That(report.ExitCode, Is.Zero);
        Assert.That(phases.Totals().Where(p => p.Phase == SummaryRefresh.Phase).Select(p => p.Times),
            Is.EqualTo(new[] { 1L }));
        Assert.That(await QueryAsync<(string, long, double)>(w,
            "SELECT team_id, subjects, total FROM kpi_group_stats WHERE metric_id = 'sales'"),
            Is.EqualTo(new[] { ("T1", 2L, 21.0) }));

        var before = await QueryAsync<string>(w, "SELECT refreshed_at FROM kpi_group_stats_version");
        var again = await RunAsync(w, "kpi", Path.Combine(dir, "kpi.csv"));
        Assert.That(again.Unchanged, Is.EqualTo(3L), again.Describe());
        Assert.That(await QueryAsync<string>(w, "SELECT refreshed_at FROM kpi_group_stats_version"),
            Is.EqualTo(before), "the same file again changed nothing, so the sums were not computed again");
    }
}
