using System.Text.Json;
using Dapper;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Warehouse;

namespace Impact.Tests.Dashboard.Pages.Runs;

/// <summary>A further succeeded estimate run on the seeded warehouse, as <c>impact estimate</c> would store it:
/// coaching's effect on first-contact resolution moved (same verdict), e-learning's verdict changed.</summary>
public static class NewerRun
{
    public static async Task<long> AddAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync("INSERT INTO estimate_runs (started_at, ended_at, status, parameters, data_version, " +
            "impact_version) VALUES ('2025-05-04T00:00:00Z', '2025-05-04T00:00:00Z', 'succeeded', " +
            "'{\"metric\":null,\"pre\":2}', 'v2', 'test')");
        var run = await db.ExecuteScalarAsync<long>("SELECT MAX(run_id) FROM estimate_runs");
        await db.ExecuteAsync("""
            INSERT INTO estimate_results (run_id, intervention_id, metric_id, status, verdict, reason, n_treated,
                n_control, detail)
            VALUES (@run, @i, 'fcr', 'estimated', 'improved', 'raised', 2, 2, @detail)
            """, new[]
        {
            new { run, i = "coach", detail = Detail("coach", 5.0, 3.0, 7.0, [new(-1, 0.1, -1, 1.2), new(0, 5, 3, 7)]) },
            new { run, i = "elearn", detail = Detail("elearn", 1.0, 0.2, 1.8, []) },
        });
        return run;
    }

    static string Detail(string intervention, double estimate, double low, double high, List<EventStudyPoint> events)
        => JsonSerializer.Serialize(new PairResult
        {
            InterventionId = intervention, MetricId = "fcr", Status = PairStatus.Estimated,
            Verdict = Verdicts.Improved, Reason = "raised", Estimate = estimate, CiLow = low, CiHigh = high,
            NTreated = 2, NControl = 2, EventStudy = events,
        }, EstimateRunTables.Json);
}
