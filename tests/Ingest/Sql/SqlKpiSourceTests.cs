using Dapper;
using Impact.Ingest.Pipeline;
using Impact.Ingest.Sql;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Ingest.Sql;

/// <summary>KPIs from an "operational" database on each engine, loaded into a SQLite warehouse.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class SqlKpiSourceTests(Engine engine)
{
    async Task<(SqlConnectionSettings Settings, Database Ops)> OperationalAsync()
    {
        var ops = await TestDatabases.CreateEmptyAsync(engine);
        await using var db = await ops.OpenAsync(CancellationToken.None);
        // Each engine's own date and time types, as an operational database has them (SQL Server refuses
        // ORDER BY on its legacy text type). SQLite has none: ISO text compares in time order.
        var (date, stamp, since) = engine switch
        {
            Engine.Postgres => ("date", "timestamp", "CAST(@since AS timestamp)"),
            Engine.SqlServer => ("date", "datetime2", "CAST(@since AS datetime2)"),
            _ => ("TEXT", "TEXT", "@since"),
        };
        await db.ExecuteAsync(
            $"CREATE TABLE ops_sales (metric varchar(50), emp varchar(50), month {date}, amount double precision, " +
            $"changed_at {stamp})");
        await db.ExecuteAsync("INSERT INTO ops_sales VALUES " +
            "('sales', 'E1', '2025-01-01', 10, '2025-02-01 08:00:00'), " +
            "('sales', 'E2', '2025-01-01', 12, '2025-02-01 09:00:00'), " +
            "('nope', 'E3', '2025-01-01', 1, '2025-02-01 09:30:00')");
        var query = "SELECT metric AS metric_id, emp AS subject_id, month AS period_start, amount AS value, " +
            $"changed_at FROM ops_sales WHERE changed_at > {since} ORDER BY changed_at";
        return (new SqlConnectionSettings("ops", ops.Target, query), ops);
    }

    [Test]
    public async Task Sql_source_loads_kpis_and_the_next_run_reads_only_rows_changed_since()
    {
        var (settings, ops) = await OperationalAsync();
        var w = await WithMetricsAsync(Engine.Sqlite);

        var first = await IngestRunner.RunAsync(w, new SqlKpiSource(settings), Quiet, CancellationToken.None);
        Assert.That((first.Read, first.Stored, first.Rejected, first.ExitCode), Is.EqualTo((3L, 2L, 1L, 2)),
            first.Describe());
        Assert.That(first.FirstRejections[0].Reason, Does.Contain("metric 'nope' is not defined"));

        var quiet = await IngestRunner.RunAsync(w, new SqlKpiSource(settings), Quiet, CancellationToken.None);
        Assert.That(quiet.Read, Is.Zero, "nothing changed since the watermark");

        await using (var db = await ops.OpenAsync(CancellationToken.None))
            await db.ExecuteAsync("INSERT INTO ops_sales VALUES ('sales', 'E1', '2025-01-01', 11, '2025-03-01 " +
                "10:00:00')");
        var next = await IngestRunner.RunAsync(w, new SqlKpiSource(settings), Quiet, CancellationToken.None);
        Assert.That((next.Read, next.Updated), Is.EqualTo((1L, 1L)), next.Describe());
        Assert.That(await QueryAsync<double>(w, "SELECT value FROM kpi_observations WHERE subject_id = 'E1'"),
            Is.EqualTo(new[] { 11.0 }));
    }

    [Test]
    public async Task A_dry_run_does_not_move_the_watermark()
    {
        var (settings, _) = await OperationalAsync();
        var w = await WithMetricsAsync(Engine.Sqlite);
        var dry = await IngestRunner.RunAsync(w, new SqlKpiSource(settings), Quiet with { DryRun = true },
            CancellationToken.None);
        Assert.That((dry.Read, dry.Stored, dry.ExitCode), Is.EqualTo((3L, 2L, 2)), dry.Describe());
        Assert.That(await CountAsync(w, "source_watermarks"), Is.Zero);
        Assert.That(await CountAsync(w, "kpi_observations"), Is.Zero, "a dry run stores no row");
        var real = await IngestRunner.RunAsync(w, new SqlKpiSource(settings), Quiet, CancellationToken.None);
        Assert.That(real.Read, Is.EqualTo(3));
    }

    [Test]
    public async Task A_query_without_the_kpi_columns_is_one_sentence_and_stores_nothing()
    {
        var (settings, _) = await OperationalAsync();
        var w = await WithMetricsAsync(Engine.Sqlite);
        var s = await IngestRunner.RunAsync(w, new SqlKpiSource(settings with
        {
            Query = "SELECT metric, emp FROM ops_sales WHERE @since IS NOT NULL",
        }), Quiet, CancellationToken.None);
        Assert.That(s.ExitCode, Is.EqualTo(1));
        Assert.That(s.Message, Is.EqualTo("The query of SQL source 'ops' returns no columns "
                                          + "metric_id, subject_id, period_start, value; it returns: metric, emp."));
        var broken = await IngestRunner.RunAsync(w, new SqlKpiSource(settings with
        {
            Query = "SELECT * FROM no_such_table WHERE 1 = @since",
        }), Quiet, CancellationToken.None);
        Assert.That(broken.ExitCode, Is.EqualTo(1), broken.Describe());
        Assert.That(broken.Message, Does.StartWith("The query of SQL source 'ops' failed on"));
        Assert.That(await CountAsync(w, "kpi_observations"), Is.Zero, "rows in the warehouse");
        Assert.That(await CountAsync(w, "source_watermarks"), Is.Zero, "no watermark moved");
    }
}

public sealed class SqlConnectionSettingsTests
{
    [Test]
    public void An_unconfigured_sql_source_names_the_variables_to_set()
    {
        var e = Assert.Throws<ImpactException>(() =>
            SqlConnectionSettings.Find("no-such-ops", new Dictionary<string, string>()))!;
        Assert.That(e.Message, Does.Contain("IMPACT_SQL_NO_SUCH_OPS").And.Contain("IMPACT_SQL_NO_SUCH_OPS_QUERY"));
    }
}
