using System.Globalization;
using Dapper;
using Impact.Models.Panels;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Tests.Models.Panels;

/// <summary>
/// The reader puts KPI columns straight into each metric's arrays; the panels built from them must equal, bit for
/// bit, the ones built from the same rows one object at a time, traps included.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class ColumnarReadTests(Engine engine)
{
    [Test]
    public async Task Panels_read_as_columns_equal_panels_built_from_rows_with_missing_non_finite_and_implausible()
    {
        var (warehouse, _) = await CanonicalIngest.SimulatedAsync(engine, CanonicalIngest.SmallOrganisation);
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
        {
            // As versions before ingest's checks stored them: non-finite values, a date past the window, a date
            // that is no date; a missing cell; and ids whose ordinal order is not a collation's order.
            await db.ExecuteAsync("DELETE FROM kpi_observations WHERE metric_id = 'sales' AND subject_id = 'E00003' " +
                "AND period_start = (SELECT MIN(period_start) FROM kpi_observations)");
            const string insert = "INSERT INTO kpi_observations (metric_id, subject_id, period_start, value) " +
                "VALUES (@metric, @subject, @period, @value)";
            var first = await db.ExecuteScalarAsync<string>("SELECT MIN(period_start) FROM kpi_observations");
            await db.ExecuteAsync(insert, new[]
            {
                new { metric = "sales", subject = "E00001", period = "9999-12-31", value = 5.0 },
                new { metric = "sales", subject = "E00002", period = "2024-02-30", value = 5.0 },
                new { metric = "sales", subject = "E00004", period = "1066-10-14", value = 5.0 },
                new { metric = "sales", subject = "E99998", period = first!, value = double.PositiveInfinity },
                new { metric = "csat", subject = "E99997", period = first!, value = double.NegativeInfinity },
                new { metric = "sales", subject = "e00002", period = first!, value = 1.25 },
                new { metric = "sales", subject = "Zed", period = first!, value = 2.5 },
                new { metric = "sales", subject = "_x", period = first!, value = 3.75 },
            });
        }

        var org = await WarehouseReader.ReadAsync(warehouse, null, CancellationToken.None);
        var rows = await PlacedRowsAsync(warehouse);

        Assert.That(org.Kpis, Is.InstanceOf<ColumnarKpis>());
        Assert.That(org.Kpis.OrderBy(k => (k.MetricId, k.SubjectId, k.PeriodStart)), Is.EqualTo(rows),
            "the columns hold every placed row and no other");
        Assert.That(org.LeftOut, Has.Some.StartsWith("4 observations of sales (4 subject(s))"));
        Assert.That(org.LeftOut, Has.Some.StartsWith("1 observations of csat (1 subject(s))"));
        var fromRows = org with { Kpis = rows.OrderBy(_ => Random.Shared.Next()).ToList() };
        foreach (var metric in org.Metrics)
        {
            var read = PanelBuilder.Build(org, metric);
            var built = PanelBuilder.Build(fromRows, metric);
            var (ids, starts, matrix) = RowByRow(rows.Where(k => k.MetricId == metric.Id).ToList());
            Assert.That(read.UnitIds, Is.EqualTo(ids), metric.Id);
            Assert.That(read.Periods.Starts, Is.EqualTo(starts), metric.Id);
            Assert.That(Bits(read.Values), Is.EqualTo(Bits(matrix)), metric.Id);
            AssertSame(read, built);
        }
        var sales = PanelBuilder.Build(org, org.Metrics.Single(m => m.Id == "sales"));
        Assert.That(sales.UnitIds, Does.Contain("e00002").And.Contain("Zed").And.Not.Contain("E99998"));
        Assert.That(sales.Value(Array.IndexOf(sales.UnitIds, "E00003"), 0), Is.NaN, "the deleted cell is missing");
    }

    /// <summary>The rows a reader may keep, read with Dapper one object each, for comparison.</summary>
    static async Task<List<KpiRow>> PlacedRowsAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var all = await db.QueryAsync<(string Metric, string Subject, string Period, double Value)>(
            "SELECT metric_id, subject_id, period_start, value FROM kpi_observations");
        var window = DateWindow.Default;
        return all.Select(r => (r, Date: DateOnly.TryParseExact(r.Period, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var d) && window.Contains(d) ? d : (DateOnly?)null))
            .Where(x => x.Date is not null && double.IsFinite(x.r.Value))
            .Select(x => new KpiRow(x.r.Metric, x.r.Subject, x.Date!.Value, x.r.Value))
            .OrderBy(k => (k.MetricId, k.SubjectId, k.PeriodStart)).ToList();
    }

    /// <summary>The panel's axes and matrix as the builder made them from a list of rows before columns.</summary>
    internal static (string[] Ids, DateOnly[] Starts, float[] Values) RowByRow(List<KpiRow> kpis)
    {
        var starts = kpis.Select(k => k.PeriodStart).Distinct().Order().ToArray();
        var ids = kpis.Select(k => k.SubjectId).Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var t = starts.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => p.i);
        var values = new float[ids.Length * starts.Length];
        Array.Fill(values, float.NaN);
        foreach (var k in kpis) values[index[k.SubjectId] * starts.Length + t[k.PeriodStart]] = (float)k.Value;
        return (ids, starts, values);
    }

    internal static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    static void AssertSame(Panel read, Panel built)
    {
        var metric = read.Metric.Id;
        Assert.That(read.UnitIds, Is.EqualTo(built.UnitIds), metric);
        Assert.That(read.Periods.Starts, Is.EqualTo(built.Periods.Starts), metric);
        Assert.That(Bits(read.Values), Is.EqualTo(Bits(built.Values)), metric);
        Assert.That(read.FeatureNames, Is.EqualTo(built.FeatureNames), metric);
        Assert.That(Bits(read.Features), Is.EqualTo(Bits(built.Features)), metric);
        Assert.That(read.Groups, Is.EqualTo(built.Groups), metric);
        Assert.That(read.TreatedOn, Is.EqualTo(built.TreatedOn), metric);
        Assert.That(read.ExposedOn, Is.EqualTo(built.ExposedOn), metric);
        Assert.That(read.Teams, Is.EqualTo(built.Teams), metric);
    }
}
