using Dapper;
using Impact.Dashboard.Caching;
using Impact.Models.Panels;
using Impact.Models.Runs;
using Impact.Warehouse;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Impact.Dashboard.Access;
using Microsoft.AspNetCore.Authorization;

namespace Impact.Dashboard.Pages.Interventions;

/// <summary>Every intervention, how many people completed it, and the verdicts of the latest estimate run.</summary>
[Authorize(Policy = Policies.Performance)]
public sealed class IndexModel(Database warehouse, PageDataCache cache) : PageModel
{
    public Result Data { get; private set; } = Result.Empty;

    // Counting the people who finished each intervention reads every completion (2.6 s at 100,000 employees):
    // once per data stamp.
    public async Task OnGetAsync(CancellationToken ct) =>
        Data = await cache.GetAsync("interventions", c => Query.RunAsync(warehouse, c), ct);

    public sealed record Row(string InterventionId, string? Name, string Kind, double? CostPerParticipant,
        string? Currency, long Completers);

    public sealed record PairVerdict(string InterventionId, string MetricId, string MetricName, string Verdict);

    public sealed record Result(IReadOnlyList<Row> Interventions, IReadOnlyList<PairVerdict> Verdicts, long? RunId)
    {
        public static readonly Result Empty = new([], [], null);
        public ILookup<string, PairVerdict> VerdictsOf => Verdicts.ToLookup(v => v.InterventionId);
    }

    public static class Query
    {
        public static async Task<Result> RunAsync(Database warehouse, CancellationToken ct)
        {
            await using var db = await warehouse.OpenAsync(ct);
            // Completers count people, not completion rows: a retake is still one person.
            var rows = await db.QueryAsync<Row>(new CommandDefinition($"""
                SELECT i.intervention_id AS InterventionId, i.name AS Name, i.kind AS Kind,
                       i.cost_per_participant AS CostPerParticipant, i.currency AS Currency,
                       (SELECT CAST(COUNT(DISTINCT c.employee_id) AS BIGINT) FROM completions c
                        WHERE c.intervention_id = i.intervention_id AND {Finished.Condition("c.status")}) AS Completers
                FROM interventions i ORDER BY i.name, i.intervention_id
                """, cancellationToken: ct));
            var runId = (await EstimateRunTables.LatestSucceededAsync(db, warehouse.Dialect, ct))?.RunId;
            var verdicts = await db.QueryAsync<PairVerdict>(new CommandDefinition("""
                SELECT r.intervention_id AS InterventionId, r.metric_id AS MetricId, COALESCE(m.name,
                       r.metric_id) AS MetricName,
                       r.verdict AS Verdict
                FROM estimate_results r LEFT JOIN metrics m ON m.metric_id = r.metric_id
                WHERE r.run_id = @runId ORDER BY MetricName
                """, new { runId }, cancellationToken: ct));
            return new Result(rows.ToList(), verdicts.ToList(), runId);
        }
    }
}
