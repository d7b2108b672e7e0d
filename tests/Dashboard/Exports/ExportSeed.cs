using System.Text.Json;
using Dapper;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Warehouse;

namespace Impact.Tests.Dashboard.Exports;

/// <summary>
/// The dashboard's seed plus hostile names an export must neutralise: a metric named like an Excel formula,
/// an owner named like one, and an intervention named like a script, with an improved estimate between them.
/// </summary>
public static class ExportSeed
{
    public const string FormulaMetric = "=HYPERLINK(\"http://x\",\"y\")";
    public const string FormulaOwner = "@SUM(A1)";
    public const string ScriptName = "<script>alert(1)</script>";

    public static async Task SeedAsync(Database warehouse)
    {
        await Impact.Tests.Dashboard.DashboardSeed.SeedAsync(warehouse);
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync("INSERT INTO metrics (metric_id, name, unit, direction, owner, level, kind, " +
            "value_per_unit, currency) VALUES ('hostile', @name, 'EUR', 'higher_is_better', @owner, 'employee', " +
            "'performance', 1, 'EUR')", new { name = FormulaMetric, owner = FormulaOwner });
        await db.ExecuteAsync("INSERT INTO interventions (intervention_id, name, kind, cost_per_participant, " +
            "currency) VALUES ('script', @name, 'training', 100, 'EUR')", new { name = ScriptName });
        await db.ExecuteAsync("INSERT INTO kpi_observations (metric_id, subject_id, period_start, value) " +
            "VALUES ('hostile', @s, @p, @v)", Enumerable.Range(1, 4).SelectMany(i => new[]
            {
                new { s = $"e{i}", p = "2025-01-01", v = -635.5 + i },
                new { s = $"e{i}", p = "2025-02-01", v = 10.0 * i },
            }));
        await db.ExecuteAsync("INSERT INTO completions (employee_id, intervention_id, completed_on, status, source) " +
            "VALUES ('e1', 'script', '2025-02-10', 'completed', 'csv')");
        var latest = await db.ExecuteScalarAsync<long>(
            "SELECT MAX(run_id) FROM estimate_runs WHERE status = 'succeeded'");
        await db.ExecuteAsync("""
            INSERT INTO estimate_results (run_id, intervention_id, metric_id, status, verdict, reason, n_treated,
                n_control, detail)
            VALUES (@latest, @i, 'hostile', @status, @verdict, @reason, 0, 0, @detail)
            """, new[]
        {
            new { latest, i = "script", status = PairStatus.Estimated, verdict = Verdicts.Improved,
                reason = "raised", detail = ScriptDetail },
            new { latest, i = "coach", status = PairStatus.InsufficientData, verdict = Verdicts.Insufficient,
                reason = "Too few comparisons.", detail = "{}" },
        });
    }

    static readonly string ScriptDetail = JsonSerializer.Serialize(new PairResult
    {
        InterventionId = "script", MetricId = "hostile", Status = PairStatus.Estimated, Verdict = Verdicts.Improved,
        Reason = "raised", Estimate = -635.5, CiLow = -700.25, CiHigh = -570.75, NaiveDifference = -12.5,
        NTreated = 1, NControl = 3, CompletionRate = 0.25, BenefitPerParticipant = -635.5, BenefitCiLow = -700.25,
        BenefitCiHigh = -570.75, Roi = -7.355,
        EventStudy = [new(-1, 0.5, -1, 2), new(0, -635.5, -700.25, -570.75)],
    }, EstimateRunTables.Json);
}
