using Dapper;
using Impact.Dashboard.Caching;
using Impact.Dashboard.Charts;
using Impact.Dashboard.Display;
using Impact.Dashboard.Exports;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Warehouse;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Impact.Dashboard.Access;
using Microsoft.AspNetCore.Authorization;

namespace Impact.Dashboard.Pages.Interventions;

/// <summary>One intervention: per performance metric, the causal estimate beside the naive one, and its event
/// study.</summary>
[Authorize(Policy = Policies.Performance)]
public sealed class DetailModel(Database warehouse, ChartCache charts, PageDataCache cache, PageHtmlCache html)
    : PageModel
{
    public Result? Data { get; private set; }

    /// <summary>The key of the page's rendered HTML (<see cref="PageHtmlCache"/>); nothing on the page depends on
    /// the reader.</summary>
    public string? Section { get; private set; }

    public Rollout Rollout { get; private set; } = Rollout.None;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var (page, stamp) = await StampedAsync(id, ct);
        if ((Data = page.Data) is null) return NotFound();
        Rollout = page.Rollout;
        Section = html.Key(stamp, $"intervention:{id}");
        return Page();
    }

    public Task<IActionResult> OnGetChartAsync(string id, string metric, CancellationToken ct) =>
        charts.PngAsync(Request, async () => EventChart((await ShownAsync(id, ct)).Data?.Pairs
            .FirstOrDefault(p => p.MetricId == metric), ChartFit.Of(Request).Width(EventWidth)), ct);

    public Task<IActionResult> OnGetRolloutAsync(string id, CancellationToken ct) => charts.PngAsync(Request,
        async () =>
        {
            var page = await ShownAsync(id, ct);
            var name = page.Data?.Intervention is { } i ? i.Name ?? i.InterventionId : id;
            return ChartStyle.Png(RolloutChart.Build(null, name, page.Rollout.Waves),
                ChartFit.Of(Request).Width(RolloutWidth), RolloutHeight);
        }, ct);

    async Task<Shown> ShownAsync(string id, CancellationToken ct) => (await StampedAsync(id, ct)).Value;

    Task<Stamped<Shown>> StampedAsync(string id, CancellationToken ct) =>
        cache.GetStampedAsync($"intervention:{id}", c => Shown.ReadAsync(warehouse, id, c), ct);

    /// <summary>Everything the page shows, read once per data stamp (<see cref="PageDataCache"/>).</summary>
    public sealed record Shown(Result? Data, Rollout Rollout)
    {
        public static async Task<Shown> ReadAsync(Database warehouse, string id, CancellationToken ct)
        {
            var data = await Query.RunAsync(warehouse, id, ct);
            if (data is null) return new Shown(null, Rollout.None);
            await using var db = await warehouse.OpenAsync(ct);
            return new Shown(data, await Rollout.ReadAsync(db, id, ct));
        }
    }

    public const int RolloutWidth = 760;
    public const int RolloutHeight = 280;
    public const int EventWidth = 760;
    public const int EventHeight = 320;

    /// <summary>A result as the executive pack reads it, so the value sentence follows the pack's rule word for
    /// word: a value only where the metric has a value per unit, the intervention a cost, and the effect's
    /// interval excludes zero.</summary>
    public PackPair Finding(Pair p)
    {
        var i = Data!.Intervention;
        var value = Rollout.Values.GetValueOrDefault(p.MetricId);
        return new PackPair
        {
            InterventionId = i.InterventionId, InterventionName = i.Name, CostPerParticipant = i.CostPerParticipant,
            InterventionCurrency = i.Currency, MetricId = p.MetricId, MetricName = p.MetricName ?? p.MetricId,
            Unit = p.Unit, Owner = p.Owner ?? "", ValuePerUnit = value?.ValuePerUnit, MetricCurrency = value?.Currency,
            Status = p.Status, Verdict = p.Verdict, Reason = p.Reason, Detail = p.Detail,
        };
    }

    static byte[] EventChart(Pair? pair, int width) => ChartStyle.Png(EventStudyChart.Build(null,
        new Measure(pair?.MetricName ?? pair?.MetricId ?? "", pair?.Unit),
        pair?.Parsed.EventStudy.Select(p => new EffectPoint(p.RelativePeriod, p.Estimate, p.CiLow, p.CiHigh))
            .ToList() ?? [], ""), width, EventHeight);

    public sealed record Intervention(string InterventionId, string? Name, string Kind, double? CostPerParticipant,
        string? Currency);

    public sealed record Pair(string MetricId, string? MetricName, string? Unit, string? Direction, string? Owner,
        string Status, string Verdict, string Reason, string Detail, long? CarriedFromRun)
    {
        public EstimateDetail Parsed { get; } = EstimateDetail.Parse(Detail);
        public bool Estimated => Status == PairStatus.Estimated;
    }

    public sealed record Result(Intervention Intervention, EstimateRunStamp? Run, IReadOnlyList<Pair> Pairs)
    {
        /// <summary>The lede after the kind: " · 400 EUR per participant · estimate run #2, …".</summary>
        public string CostAndRun =>
            (Intervention.CostPerParticipant is { } cost
                ? $" · {Format.WithUnit(Format.Number(cost, 0), Intervention.Currency)} per participant"
                : "")
            + (Run is { } run ? $" · estimate run #{run.RunId}, {Format.Stamp(run.StartedAt)}" : "");
    }

    public static class Query
    {
        public static async Task<Result?> RunAsync(Database warehouse, string id, CancellationToken ct)
        {
            await using var db = await warehouse.OpenAsync(ct);
            var intervention = await db.QuerySingleOrDefaultAsync<Intervention>(new CommandDefinition("""
                SELECT intervention_id AS InterventionId, name AS Name, kind AS Kind,
                       cost_per_participant AS CostPerParticipant, currency AS Currency
                FROM interventions WHERE intervention_id = @id
                """, new { id }, cancellationToken: ct));
            if (intervention is null) return null;
            var run = await EstimateRunTables.LatestSucceededAsync(db, warehouse.Dialect, ct);
            var pairs = run is null ? [] : await db.QueryAsync<Pair>(new CommandDefinition("""
                SELECT r.metric_id AS MetricId, m.name AS MetricName, m.unit AS Unit, m.direction AS Direction,
                       m.owner AS Owner,
                       r.status AS Status, r.verdict AS Verdict, r.reason AS Reason, r.detail AS Detail,
                       r.carried_from_run AS CarriedFromRun
                FROM estimate_results r LEFT JOIN metrics m ON m.metric_id = r.metric_id
                WHERE r.run_id = @run AND r.intervention_id = @id
                ORDER BY m.owner, m.name, r.metric_id
                """, new { run = run.RunId, id }, cancellationToken: ct));
            return new Result(intervention, run, pairs.ToList());
        }
    }
}
