using Impact.Ingest.Pipeline;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Kpi;

[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class KpiIngestTests(Engine engine)
{
    const string Good =
        "metric_id,subject_id,period_start,value\nsales,E1,2025-01-01,10\nsales,E2,2025-01-01,12.5\n" +
        "csat,T1,2025-01-01,4.2\n";

    [Test]
    public async Task Kpi_file_is_stored_reconciled_and_a_second_run_adds_nothing()
    {
        var w = await WithMetricsAsync(engine);
        var path = File(Good);
        var first = await RunAsync(w, "kpi", path);
        Assert.That((first.Read, first.Stored, first.ExitCode, first.Reconciles), Is.EqualTo((3L, 3L, 0, true)),
            first.Describe());

        var second = await RunAsync(w, "kpi", path);
        Assert.That((second.Read, second.Stored, second.Unchanged, second.ExitCode), Is.EqualTo((3L, 0L, 3L, 0)));
        Assert.That(await CountAsync(w, "kpi_observations"), Is.EqualTo(3));
    }

    [Test]
    public async Task A_corrected_kpi_row_updates_its_earlier_version()
    {
        var w = await WithMetricsAsync(engine);
        await RunAsync(w, "kpi", File(Good));
        var corrected = await RunAsync(w, "kpi",
            File("metric_id,subject_id,period_start,value\nsales,E1,2025-01-01,11\n"));
        Assert.That((corrected.Updated, corrected.Stored), Is.EqualTo((1L, 0L)));
        var value = await QueryAsync<double>(w,
            "SELECT value FROM kpi_observations WHERE metric_id = 'sales' AND subject_id = 'E1'");
        Assert.That(value, Is.EqualTo(new[] { 11.0 }));
        Assert.That(await CountAsync(w, "kpi_observations"), Is.EqualTo(3));
    }

    [Test]
    public async Task Bad_rows_are_quarantined_with_line_field_and_reason_and_the_rest_is_stored()
    {
        var w = await WithMetricsAsync(engine);
        var s = await RunAsync(w, "kpi", File(
            "metric_id,subject_id,period_start,value\nsales,E1,2025-01-01,10\nnope,E1,2025-01-01,1\n" +
            "sales,E2,01/02/2025,3\nsales,E3,2025-02-01,lots\nsales,,2025-02-01,1\nsales,E4,2025-02-01\n"));

        Assert.That((s.Read, s.Stored, s.Rejected, s.ExitCode, s.Outcome),
            Is.EqualTo((6L, 1L, 5L, 2, IngestOutcome.Partial)));
        var rejections = await QueryAsync<(long Line, string Field, string Reason)>(w,
            "SELECT line, COALESCE(field, ''), reason FROM ingest_rejections WHERE run_id = @RunId ORDER BY line",
            new { s.RunId });
        Assert.That(rejections.Select(r => (r.Line, r.Field)), Is.EqualTo(new[]
        {
            (3L, "metric_id"), (4L, "period_start"), (5L, "value"), (6L, "subject_id"), (7L, ""),
        }));
        Assert.That(rejections[0].Reason, Does.Contain("metric 'nope' is not defined"));
        Assert.That(rejections[2].Reason, Does.Contain("'lots' is not a number"));
        Assert.That(rejections[4].Reason, Does.Contain("has 3 fields but the header has 4"));
    }

    [Test]
    public async Task A_file_without_the_kpi_columns_stores_nothing_and_exits_1()
    {
        var w = await WithMetricsAsync(engine);
        await RunAsync(w, "kpi", File(Good));
        var s = await RunAsync(w, "kpi", File("metric,subject,when,value\nsales,E1,2025-01-01,99\n"));

        Assert.That((s.ExitCode, s.Outcome), Is.EqualTo((1, IngestOutcome.Failed)));
        Assert.That(s.Message, Does.Contain("lacks the required columns metric_id, subject_id, period_start"));
        var values = await QueryAsync<double>(w, "SELECT value FROM kpi_observations ORDER BY value");
        Assert.That(values, Is.EqualTo(new[] { 4.2, 10, 12.5 }));
        var runs = await IngestHistory.RecentAsync(w, "kpi", 10, CancellationToken.None);
        Assert.That(runs[0].Outcome, Is.EqualTo(IngestOutcome.Failed), "the failed attempt is recorded for freshness");
    }

    [Test]
    public async Task Dry_run_reports_like_a_real_run_and_stores_nothing()
    {
        var w = await WithMetricsAsync(engine);
        var path = File(Good + "nope,E1,2025-01-01,1\n");
        var dry = await RunAsync(w, "kpi", path, Quiet with { DryRun = true });
        Assert.That(await CountAsync(w, "kpi_observations"), Is.Zero);
        Assert.That(await CountAsync(w, "ingest_rejections"), Is.Zero);

        var real = await RunAsync(w, "kpi", path);
        Assert.That((dry.Read, dry.Stored, dry.Rejected, dry.ExitCode),
            Is.EqualTo((real.Read, real.Stored, real.Rejected, real.ExitCode)));
        Assert.That(dry.DryRun, Is.True);
    }

    [Test]
    public async Task Small_batches_commit_as_they_go_and_still_reconcile()
    {
        var w = await WithMetricsAsync(engine);
        var lines = Enumerable.Range(0, 250).Select(i => $"sales,E{i % 50},2025-{i / 50 + 1:00}-01,{i}");
        var s = await RunAsync(w, "kpi", File("metric_id,subject_id,period_start,value\n" + string.Join("\n", lines)),
            Quiet with { BatchSize = 64 });
        Assert.That((s.Read, s.Stored, s.Reconciles), Is.EqualTo((250L, 250L, true)));
        Assert.That(await CountAsync(w, "kpi_observations"), Is.EqualTo(250));
    }

    [Test]
    public async Task Sql_in_a_value_is_stored_as_text_and_runs_nothing()
    {
        var w = await WithMetricsAsync(engine);
        var s = await RunAsync(w, "kpi",
            File("metric_id,subject_id,period_start,value\nsales,\"E1'); DROP TABLE kpi_observations; " +
            "--\",2025-01-01,1\n"));
        Assert.That(s.Stored, Is.EqualTo(1));
        var subjects = await QueryAsync<string>(w, "SELECT subject_id FROM kpi_observations");
        Assert.That(subjects, Is.EqualTo(new[] { "E1'); DROP TABLE kpi_observations; --" }));
    }

    [Test]
    public async Task Employee_level_subjects_are_pseudonymised_and_team_level_ones_kept()
    {
        var w = await WithMetricsAsync(engine);
        var key = Pseudonymizer.FromKey("a-test-key-that-is-long-enough");
        await RunAsync(w, "kpi", File(Good), Quiet with { Pseudonymizer = key });
        var subjects = await QueryAsync<string>(w, "SELECT subject_id FROM kpi_observations ORDER BY subject_id");
        Assert.That(subjects, Does.Contain("T1").And.Contain(key.Employee("E1")).And.Not.Contain("E1"));
    }
}
