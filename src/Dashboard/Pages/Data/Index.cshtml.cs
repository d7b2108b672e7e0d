using Dapper;
using Impact.Warehouse;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Impact.Dashboard.Access;
using Microsoft.AspNetCore.Authorization;

namespace Impact.Dashboard.Pages.Data;

/// <summary>How fresh each source is, the latest ingest runs, and the rows a run refused.</summary>
[Authorize(Policy = Policies.DataOperations)]
public sealed class IndexModel(Database warehouse) : PageModel
{
    public const int RecentRuns = 25;
    public const int RejectionsShown = 50;

    public Result Data { get; private set; } = Result.Empty;

    public async Task OnGetAsync(long? run, CancellationToken ct) => Data = await Query.RunAsync(warehouse, run, ct);

    public sealed record Run(long RunId, string Source, string Location, string StartedAt, string? EndedAt, string Outcome,
        long RowsRead, long RowsStored, long RowsUpdated, long RowsUnchanged, long RowsRejected, string? Message);

    /// <summary>A source's last run that stored data (succeeded, or partial with some rows refused) and its last attempt.</summary>
    public sealed record Freshness(string Source, Run? LastSuccess, Run LastAttempt)
    {
        public bool LastAttemptFailed => LastAttempt.Outcome is "failed" or "cancelled";
    }

    public sealed record Rejection(long RejectionId, string? File, long? Line, string? Field, string Reason, string? Raw);

    public sealed record Result(IReadOnlyList<Freshness> Sources, IReadOnlyList<Run> Recent, Run? Selected, IReadOnlyList<Rejection> Rejections)
    {
        public static readonly Result Empty = new([], [], null, []);
    }

    public static class Query
    {
        const string RunColumns = """
            SELECT r.run_id AS RunId, r.source AS Source, r.location AS Location, r.started_at AS StartedAt, r.ended_at AS EndedAt,
                   r.outcome AS Outcome, r.rows_read AS RowsRead, r.rows_stored AS RowsStored, r.rows_updated AS RowsUpdated,
                   r.rows_unchanged AS RowsUnchanged, r.rows_rejected AS RowsRejected, r.message AS Message
            FROM ingest_runs r
            """;

        public static async Task<Result> RunAsync(Database warehouse, long? selected, CancellationToken ct)
        {
            await using var db = await warehouse.OpenAsync(ct);
            // Dry runs store nothing, so they say nothing about how fresh the data is.
            var lastSuccess = await db.QueryAsync<Run>(new CommandDefinition($"""
                {RunColumns}
                WHERE r.run_id = (SELECT MAX(x.run_id) FROM ingest_runs x
                                  WHERE x.source = r.source AND x.dry_run = 0 AND x.outcome IN ('succeeded', 'partial'))
                """, cancellationToken: ct));
            var lastAttempt = await db.QueryAsync<Run>(new CommandDefinition($"""
                {RunColumns}
                WHERE r.run_id = (SELECT MAX(x.run_id) FROM ingest_runs x WHERE x.source = r.source AND x.dry_run = 0)
                ORDER BY r.source
                """, cancellationToken: ct));
            var recent = await db.QueryAsync<Run>(new CommandDefinition(
                warehouse.Dialect.Page($"{RunColumns} ORDER BY r.run_id DESC", RecentRuns), cancellationToken: ct));
            var success = lastSuccess.ToDictionary(r => r.Source);
            var sources = lastAttempt.Select(a => new Freshness(a.Source, success.GetValueOrDefault(a.Source), a)).ToList();
            if (selected is not { } id) return new Result(sources, recent.ToList(), null, []);

            var run = await db.QuerySingleOrDefaultAsync<Run>(new CommandDefinition(
                $"{RunColumns} WHERE r.run_id = @id", new { id }, cancellationToken: ct));
            var rejections = await db.QueryAsync<Rejection>(new CommandDefinition(warehouse.Dialect.Page("""
                SELECT rejection_id AS RejectionId, file AS File, line AS Line, field AS Field, reason AS Reason, raw AS Raw
                FROM ingest_rejections WHERE run_id = @id ORDER BY rejection_id
                """, RejectionsShown), new { id }, cancellationToken: ct));
            return new Result(sources, recent.ToList(), run, rejections.ToList());
        }
    }
}
