using Dapper;
using Impact.Dashboard.Caching;
using Impact.Dashboard.Charts;
using Impact.Dashboard.Display;
using Impact.Dashboard.Exports;
using Impact.Dashboard.Filters;
using Impact.Models.Runs;
using Impact.Warehouse;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Impact.Dashboard.Access;
using Microsoft.AspNetCore.Authorization;

namespace Impact.Dashboard.Pages.Metrics;

/// <summary>One performance metric: its trend across subjects, and what the latest estimate run said about
/// it.</summary>
[Authorize(Policy = Policies.Performance)]
public sealed class DetailModel(Database warehouse, ChartCache charts, PageDataCache cache, PageHtmlCache html)
    : PageModel
{
    public Result? Data { get; private set; }

    /// <summary>The key of the page's rendered HTML (<see cref="PageHtmlCache"/>): the metric, the filter as
    /// applied and what it dropped; nothing on the page depends on the reader.</summary>
    public string? Section { get; private set; }

    public FilterChoices Choices { get; private set; } = FilterChoices.Empty;

    /// <summary>Each estimated intervention's completions per month (organisation-wide, never filtered).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<CompletionWave>> Waves { get; private set; } =
        new Dictionary<string, IReadOnlyList<CompletionWave>>();

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var filter = PageFilter.Of(Request.Query);
        var (page, stamp) = await StampedAsync(id, filter, ct);
        // The key holds the filter as applied; a value it dropped (a date that is not one) is named per request.
        if (page.Data is null) return NotFound();
        Data = page.Data with { Filter = filter };
        (Choices, Waves) = (page.Choices with { Current = filter }, page.Waves);
        Section = html.Key(stamp, $"metric:{id}{filter.Query()}\n{string.Join("\n", filter.Problems)}");
        return Page();
    }

    public Task<IActionResult> OnGetChartAsync(string id, CancellationToken ct) => charts.PngAsync(Request,
        async () => TrendChart.Render((await ShownAsync(id, PageFilter.Of(Request.Query), ct)).Data,
            ChartFit.Of(Request).Width(TrendChart.Width)), ct);

    public Task<IActionResult> OnGetWavesAsync(string id, string intervention, CancellationToken ct) =>
        charts.PngAsync(Request, async () =>
        {
            var page = await ShownAsync(id, PageFilter.Of(Request.Query), ct);
            return InterventionCharts.Waves(page.Data, intervention, page.Waves.GetValueOrDefault(intervention) ?? [],
                ChartFit.Of(Request).Width(InterventionCharts.Width));
        }, ct);

    public Task<IActionResult> OnGetEventStudyAsync(string id, string intervention, CancellationToken ct) =>
        charts.PngAsync(Request, async () => InterventionCharts.EventStudy(
            (await ShownAsync(id, PageFilter.None, ct)).Data, intervention,
            ChartFit.Of(Request).Width(InterventionCharts.Width)), ct);

    /// <summary>"Who it worked for" as a chart: the stored effect and interval per group of one intervention.
    /// </summary>
    public Task<IActionResult> OnGetGroupsAsync(string id, string intervention, CancellationToken ct) =>
        charts.PngAsync(Request, async () =>
        {
            var data = (await ShownAsync(id, PageFilter.None, ct)).Data;
            var groups = data?.Estimates.FirstOrDefault(e => e.InterventionId == intervention)?.Parsed.Heterogeneity
                ?? [];
            var measure = new Measure(data?.Metric.Name ?? id, data?.Metric.Unit);
            return ChartStyle.Png(SubgroupChart.Build(null, measure, groups), ChartFit.Of(Request).Width(GroupsWidth),
                SubgroupChart.Height(groups.Count));
        }, ct);

    public const int GroupsWidth = 760;

    async Task<Shown> ShownAsync(string id, PageFilter filter, CancellationToken ct) =>
        (await StampedAsync(id, filter, ct)).Value;

    Task<Stamped<Shown>> StampedAsync(string id, PageFilter filter, CancellationToken ct) =>
        cache.GetStampedAsync($"metric:{id}{filter.Query()}",
            c => Shown.ReadAsync(warehouse, cache, id, filter, c), ct);

    /// <summary>Everything the page shows, read once per filter and data stamp (<see cref="PageDataCache"/>).
    /// </summary>
    public sealed record Shown(Result? Data, FilterChoices Choices,
        IReadOnlyDictionary<string, IReadOnlyList<CompletionWave>> Waves)
    {
        public static async Task<Shown> ReadAsync(Database warehouse, PageDataCache cache, string id,
            PageFilter filter, CancellationToken ct)
        {
            var data = await Query.RunAsync(warehouse, id, ct, filter);
            if (data is null) return new Shown(null, FilterChoices.Empty, new Dictionary<string,
                IReadOnlyList<CompletionWave>>());
            await using var db = await warehouse.OpenAsync(ct);
            var waves = new Dictionary<string, IReadOnlyList<CompletionWave>>();
            foreach (var e in data.Estimates)
                waves[e.InterventionId] =
                    await Interventions.Rollout.WavesAsync(warehouse, cache, e.InterventionId, ct);
            return new Shown(data, await FilterChoices.ReadAsync(db, filter, ct), waves);
        }
    }

    public sealed record Metric(string MetricId, string Name, string? Unit, string Direction, string Owner,
        string Level);

    /// <summary>One period: how many subjects reported, their mean, and the spread across them.</summary>
    public sealed record Period(string PeriodStart, long Subjects, double Mean, double MeanSquare, double Low,
        double High)
    {
        public DateOnly? Date => Format.Date(PeriodStart);

        /// <summary>Sample standard deviation from the moments the query returns (0 with one subject).</summary>
        public double Spread => Subjects < 2 ? 0
            : Math.Sqrt(Math.Max(0, (MeanSquare - Mean * Mean) * Subjects / (Subjects - 1)));
    }

    public sealed record Estimate(string InterventionId, string? InterventionName, string Status, string Verdict,
        string Reason, string Detail)
    {
        public EstimateDetail Parsed { get; } = EstimateDetail.Parse(Detail);
    }

    public sealed record Result(Metric Metric, IReadOnlyList<Period> Trend, IReadOnlyList<Estimate> Estimates)
    {
        public PageFilter Filter { get; init; } = PageFilter.None;
    }

    public static class Query
    {
        public static async Task<Result?> RunAsync(Database warehouse, string id, CancellationToken ct,
            PageFilter? filter = null)
        {
            filter ??= PageFilter.None;
            await using var db = await warehouse.OpenAsync(ct);
            var metric = await db.QuerySingleOrDefaultAsync<Metric>(new CommandDefinition("""
                SELECT metric_id AS MetricId, name AS Name, unit AS Unit, direction AS Direction, owner AS Owner,
                       level AS Level
                FROM metrics WHERE metric_id = @id
                """, new { id }, cancellationToken: ct));
            if (metric is null) return null;
            var trend = await TrendFilter.ReadAsync(db, metric.Level, id, filter, ct);
            var run = await EstimateRunTables.LatestSucceededAsync(db, warehouse.Dialect, ct);
            var estimates = run is null ? [] : await db.QueryAsync<Estimate>(new CommandDefinition("""
                SELECT r.intervention_id AS InterventionId, i.name AS InterventionName, r.status AS Status,
                       r.verdict AS Verdict, r.reason AS Reason, r.detail AS Detail
                FROM estimate_results r LEFT JOIN interventions i ON i.intervention_id = r.intervention_id
                WHERE r.metric_id = @id AND r.run_id = @run
                ORDER BY r.intervention_id
                """, new { id, run = run.RunId }, cancellationToken: ct));
            return new Result(metric, trend, estimates.ToList()) { Filter = filter };
        }
    }
}
