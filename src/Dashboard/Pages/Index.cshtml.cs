using Dapper;
using Impact.Dashboard.Caching;
using Impact.Dashboard.Charts;
using Impact.Dashboard.Display;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Warehouse;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Impact.Dashboard.Access;
using Microsoft.AspNetCore.Authorization;

namespace Impact.Dashboard.Pages;

/// <summary>
/// Overview: what the warehouse holds, the latest estimate run's verdicts at a glance, and the
/// performance metrics grouped by the stakeholder who owns them, each with its trend.
/// </summary>
[Authorize(Policy = Policies.Performance)]
public sealed class IndexModel(Database warehouse, ChartCache charts, PageDataCache cache, PageHtmlCache html)
    : PageModel
{
    public Result Data { get; private set; } = Result.Empty;

    /// <summary>The key of the page's rendered HTML (<see cref="PageHtmlCache"/>): the run state links to the
    /// runs page only for those who may open it, so the key names that.</summary>
    public string? Section { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var shown = await cache.GetStampedAsync("overview", c => Query.RunAsync(warehouse, c), ct);
        Data = shown.Value;
        Section = html.Key(shown.Stamp, "overview", Policies.Allows(Policies.Runs, User.IsInRole) ? "runs" : "");
    }

    public Task<IActionResult> OnGetChartAsync(string metric, CancellationToken ct) => charts.PngAsync(Request,
        async () => SparkChart.Render(await Metrics.DetailModel.Query.RunAsync(warehouse, metric, ct)), ct);

    /// <summary>
    /// What the warehouse holds. No count of survey responses: engagement is kept apart, and a total beside
    /// the visible groups of the Engagement page would tell the size of a hidden group by subtraction.
    /// </summary>
    public sealed record Counts(long Employees, long Teams, long Interventions, long Completions, long Metrics,
        long Observations);

    public sealed record MetricRow(string MetricId, string Name, string? Unit, string Direction, string Owner,
        long Observations, string? FirstPeriod, string? LastPeriod);

    public sealed record Pair(string InterventionId, string? InterventionName, string MetricId, string? MetricName,
        string Verdict, string Detail)
    {
        public EstimateDetail Parsed { get; } = EstimateDetail.Parse(Detail);
    }

    public sealed record Result(Counts Counts, EstimateRunStamp? Run, IReadOnlyList<Pair> Pairs,
        IReadOnlyList<MetricRow> Metrics, RunState? Newest, IReadOnlyList<PeriodMean> Means)
    {
        public static readonly Result Empty = new(new Counts(0, 0, 0, 0, 0, 0), null, [], [], null, []);
        public ImpactMatrix Matrix => field ??= new ImpactMatrix(Pairs, Metrics);

        public MetricChange? ChangeOf(MetricRow m) =>
            MetricChange.Of(Means.Where(p => p.MetricId == m.MetricId), m.Direction);
        public ILookup<string, MetricRow> ByOwner => Metrics.ToLookup(m => m.Owner);
        public int CountOf(string verdict) => Pairs.Count(p => p.Verdict == verdict);
        public IEnumerable<Pair> PairsOf(string metricId) => Pairs.Where(p => p.MetricId == metricId);
        /// <summary>Pairs with an estimate (not "not enough evidence"): each one was a test at the 95% level.</summary>
        public int Estimated => Pairs.Count(p => Verdicts.HasEstimate(p.Verdict));

        /// <summary>How many estimated pairs would show an "effect" by chance alone, as the overview says it.</summary>
        public string ChanceSentence => $"{Estimated} pairs were estimated, each at the 95% level: if none of them " +
                                        $"had a real effect, {ChanceEffects} would still look like one by chance.";

        /// <summary>How many of those would show an "effect" by chance if none had a real one, in words.</summary>
        public string ChanceEffects =>
            Estimated / 20.0 < 1 ? "fewer than one" : $"about {Math.Round(Estimated / 20.0):0}";

        public IEnumerable<Pair> Movers => Pairs.Where(p => p.Verdict is Verdicts.Improved or Verdicts.Worsened)
            .OrderBy(p => p.Verdict).ThenBy(p => p.MetricName);
    }

    public static class Query
    {
        public static async Task<Result> RunAsync(Database warehouse, CancellationToken ct)
        {
            await using var db = await warehouse.OpenAsync(ct);
            // People and completions are counted by triggers as they are written (table_rows, migration 0015):
            // counting them here read a whole index per request.
            var counts = await db.QuerySingleAsync<Counts>(new CommandDefinition("""
                SELECT (SELECT row_count FROM table_rows WHERE table_name = 'employees') AS Employees,
                       (SELECT CAST(COUNT(*) AS BIGINT) FROM teams) AS Teams,
                       (SELECT CAST(COUNT(*) AS BIGINT) FROM interventions) AS Interventions,
                       (SELECT row_count FROM table_rows WHERE table_name = 'completions') AS Completions,
                       (SELECT CAST(COUNT(*) AS BIGINT) FROM metrics) AS Metrics,
                       (SELECT CAST(COALESCE(SUM(subjects), 0) AS BIGINT) FROM kpi_period_stats) AS Observations
                """, cancellationToken: ct));
            var metrics = await db.QueryAsync<MetricRow>(new CommandDefinition("""
                SELECT m.metric_id AS MetricId, m.name AS Name, m.unit AS Unit, m.direction AS Direction,
                       m.owner AS Owner,
                       (SELECT CAST(COALESCE(SUM(k.subjects), 0) AS BIGINT) FROM kpi_period_stats k
                        WHERE k.metric_id = m.metric_id) AS Observations,
                       (SELECT MIN(k.period_start) FROM kpi_period_stats k
                        WHERE k.metric_id = m.metric_id) AS FirstPeriod,
                       (SELECT MAX(k.period_start) FROM kpi_period_stats k
                        WHERE k.metric_id = m.metric_id) AS LastPeriod
                FROM metrics m ORDER BY m.owner, m.name
                """, cancellationToken: ct));
            var run = await EstimateRunTables.LatestSucceededAsync(db, warehouse.Dialect, ct);
            var pairs = run is null ? [] : await db.QueryAsync<Pair>(new CommandDefinition("""
                SELECT r.intervention_id AS InterventionId, i.name AS InterventionName, r.metric_id AS MetricId,
                       m.name AS MetricName,
                       r.verdict AS Verdict, r.detail AS Detail
                FROM estimate_results r
                LEFT JOIN interventions i ON i.intervention_id = r.intervention_id
                LEFT JOIN metrics m ON m.metric_id = r.metric_id
                WHERE r.run_id = @run
                """, new { run = run.RunId }, cancellationToken: ct));
            var newest = await db.QuerySingleOrDefaultAsync<RunState>(new CommandDefinition(
                warehouse.Dialect.Page(RunState.Sql, 1), cancellationToken: ct));
            // One mean per metric and period from the stats the KPI rows keep (migration 0015): a few hundred
            // rows, whatever the size of the organisation.
            var means = await db.QueryAsync<PeriodMean>(new CommandDefinition("""
                SELECT metric_id AS MetricId, period_start AS PeriodStart,
                       CAST(total AS DOUBLE PRECISION) / subjects AS Mean
                FROM kpi_period_stats
                """, cancellationToken: ct));
            return new Result(counts, run, pairs.ToList(), metrics.ToList(), newest, means.ToList());
        }
    }
}
