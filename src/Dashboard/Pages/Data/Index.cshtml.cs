using Dapper;
using Impact.Warehouse;
using Impact.Warehouse.IngestRuns;
using Impact.Warehouse.Runs;
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

    /// <summary>
    /// A refused row; <see cref="Raw"/> is null for confidential sources (survey answers) and pseudonymised runs.
    /// </summary>
    public sealed record Rejection(long RejectionId, string? File, long? Line, string? Field, string Reason,
        string? Raw, string? Subject);

    public sealed record Result(IReadOnlyList<SourceFreshness> Sources, IReadOnlyList<IngestRunRecord> Recent,
        IngestRunRecord? Selected, IReadOnlyList<Rejection> Rejections)
    {
        public static readonly Result Empty = new([], [], null, []);
    }

    public static class Query
    {
        public static async Task<Result> RunAsync(Database warehouse, long? selected, CancellationToken ct)
        {
            // A page left open for days still never shows a dead run as running.
            await using (var sweep = await warehouse.OpenAsync(ct)) await StaleRuns.MarkInterruptedAsync(sweep, ct);
            var sources = await IngestHistory.FreshnessAsync(warehouse, ct);
            var recent = await IngestHistory.RecentAsync(warehouse, null, RecentRuns, ct);
            if (selected is not { } id) return new Result(sources, recent, null, []);

            var run = await IngestHistory.FindAsync(warehouse, id, ct);
            await using var db = await warehouse.OpenAsync(ct);
            var rejections = await db.QueryAsync<Rejection>(new CommandDefinition(warehouse.Dialect.Page("""
                SELECT rejection_id AS RejectionId, file AS File, line AS Line, field AS Field, reason AS Reason,
                       raw AS Raw, subject AS Subject
                FROM ingest_rejections WHERE run_id = @id ORDER BY rejection_id
                """, RejectionsShown), new { id }, cancellationToken: ct));
            return new Result(sources, recent, run, rejections.ToList());
        }
    }
}
