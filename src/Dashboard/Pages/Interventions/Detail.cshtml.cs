using Dapper;
using Impact.Dashboard.Charts;
using Impact.Dashboard.Display;
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
public sealed class DetailModel(Database warehouse) : PageModel
{
    public Result? Data { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) =>
        (Data = await Query.RunAsync(warehouse, id, ct)) is null ? NotFound() : Page();

    public async Task<IActionResult> OnGetChartAsync(string id, string metric, CancellationToken ct) =>
        File(EventChart((await Query.RunAsync(warehouse, id, ct))?.Pairs.FirstOrDefault(p =>
            p.MetricId == metric)), ChartStyle.ContentType);

    static byte[] EventChart(Pair? pair) => ChartStyle.Png(EventStudyChart.Build(null,
        new Measure(pair?.MetricName ?? pair?.MetricId ?? "", pair?.Unit),
        pair?.Parsed.EventStudy.Select(p => new EffectPoint(p.RelativePeriod, p.Estimate, p.CiLow, p.CiHigh))
            .ToList() ?? [], ""), 760, 320);

    public sealed record Intervention(string InterventionId, string? Name, string Kind, double? CostPerParticipant,
        string? Currency);

    public sealed record Pair(string MetricId, string? MetricName, string? Unit, string? Direction, string? Owner,
        string Status, string Verdict, string Reason, string Detail)
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
                       r.status AS Status, r.verdict AS Verdict, r.reason AS Reason, r.detail AS Detail
                FROM estimate_results r LEFT JOIN metrics m ON m.metric_id = r.metric_id
                WHERE r.run_id = @run AND r.intervention_id = @id
                ORDER BY m.owner, m.name, r.metric_id
                """, new { run = run.RunId, id }, cancellationToken: ct));
            return new Result(intervention, run, pairs.ToList());
        }
    }
}
