using Dapper;
using Impact.Ingest.Db;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Pages;

/// <summary>Overview: what the warehouse holds, and the performance metrics grouped by their owner.</summary>
public sealed class IndexModel(Warehouse warehouse) : PageModel
{
    public Result Data { get; private set; } = Result.Empty;

    public async Task OnGetAsync(CancellationToken ct) => Data = await Query.RunAsync(warehouse, ct);

    public sealed record MetricRow(string MetricId, string Name, string? Unit, string Direction, string Owner, long Observations);

    public sealed record Result(long Employees, long Interventions, long Completions, IReadOnlyList<MetricRow> Metrics)
    {
        public static readonly Result Empty = new(0, 0, 0, []);
        public ILookup<string, MetricRow> ByOwner => Metrics.ToLookup(m => m.Owner);
    }

    public static class Query
    {
        public static async Task<Result> RunAsync(Warehouse warehouse, CancellationToken ct)
        {
            await using var db = await warehouse.OpenAsync(ct);
            var counts = await db.QuerySingleAsync<(long, long, long)>(new CommandDefinition(
                "SELECT (SELECT COUNT(*) FROM employees), (SELECT COUNT(*) FROM interventions), (SELECT COUNT(*) FROM completions)",
                cancellationToken: ct));
            var metrics = await db.QueryAsync<MetricRow>(new CommandDefinition("""
                SELECT m.metric_id AS MetricId, m.name AS Name, m.unit AS Unit, m.direction AS Direction, m.owner AS Owner,
                       (SELECT COUNT(*) FROM kpi_observations k WHERE k.metric_id = m.metric_id) AS Observations
                FROM metrics m ORDER BY m.owner, m.name
                """, cancellationToken: ct));
            return new Result(counts.Item1, counts.Item2, counts.Item3, metrics.ToList());
        }
    }
}
