using Dapper;
using Impact.Dashboard.Access;
using Impact.Warehouse;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Pages.Runs;

/// <summary>Every estimate run with its parameters, data version and outcome, and two runs side by side: which
/// verdicts changed and by how much.</summary>
[Authorize(Policy = Policies.Runs)]
public sealed class IndexModel(Database warehouse) : PageModel
{
    public Result Data { get; private set; } = Result.Empty;

    public async Task<IActionResult> OnGetAsync(long? a, long? b, CancellationToken ct)
    {
        Data = await Query.RunAsync(warehouse, a, b, ct);
        return Page();
    }

    /// <summary>One run; <see cref="Pairs"/> is how many intervention × metric results it stored.</summary>
    public sealed record Run(long RunId, string StartedAt, string? EndedAt, string Status, string Parameters,
        string DataVersion, string ImpactVersion, string? Message, long Pairs, long Estimated)
    {
        public IReadOnlyList<(string Name, string Value)> Settings { get; } = RunParameters.Read(Parameters);

        /// <summary>How the run reads in a picker: "#2 · succeeded · 2026-11-30 16:25".</summary>
        public string Choice => $"#{RunId} · {Status.Replace('_', ' ')} · " +
                                (StartedAt.Length >= 16 ? StartedAt[..16].Replace('T', ' ') : StartedAt);
    }

    public sealed record Result(IReadOnlyList<Run> Runs, RunComparison? Comparison)
    {
        public static readonly Result Empty = new([], null);
    }

    public static class Query
    {
        public static async Task<Result> RunAsync(Database warehouse, long? a, long? b, CancellationToken ct)
        {
            await using var db = await warehouse.OpenAsync(ct);
            var runs = (await db.QueryAsync<Run>(new CommandDefinition("""
                SELECT e.run_id AS RunId, e.started_at AS StartedAt, e.ended_at AS EndedAt, e.status AS Status,
                       e.parameters AS Parameters, e.data_version AS DataVersion, e.impact_version AS ImpactVersion,
                       e.message AS Message,
                       CAST(COUNT(r.run_id) AS BIGINT) AS Pairs,
                       CAST(SUM(CASE WHEN r.estimate IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS Estimated
                FROM estimate_runs e LEFT JOIN estimate_results r ON r.run_id = e.run_id
                GROUP BY e.run_id, e.started_at, e.ended_at, e.status, e.parameters, e.data_version,
                         e.impact_version, e.message
                ORDER BY e.run_id DESC
                """, cancellationToken: ct))).ToList();
            var (older, newer) = RunComparison.Pick(runs, a, b);
            if (older is null || newer is null) return new Result(runs, null);
            return new Result(runs, await RunComparison.ReadAsync(db, older, newer, ct));
        }
    }
}
