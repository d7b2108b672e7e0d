using System.Text.Json;
using Dapper;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Warehouse;

namespace Impact.Tests.Dashboard;

/// <summary>
/// A small organisation inserted directly (test-only), shaped so each page has something to show and
/// something to hide: two metric owners, a metric without observations, a survey team below the minimum
/// group size, a partial ingest with rejections, an older and a failed estimate run that must be ignored.
/// </summary>
public static class DashboardSeed
{
    public const string ServiceOwner = "Head of Customer Service";
    public const string SalesOwner = "Sales Director";
    public const string InsufficientReason =
        "Only 2 employees did not complete it: too few comparisons to estimate an effect.";

    public static async Task SeedAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync("INSERT INTO teams (team_id, name) VALUES (@id, @name)", new[]
        {
            new { id = "T1", name = (string?)"Support North" }, new { id = "T2", name = (string?)"Support South" },
                new { id = "T3", name = (string?)null },
        });
        await db.ExecuteAsync("INSERT INTO employees (employee_id, team_id, role) VALUES (@id, @team, 'agent')",
            Enumerable.Range(1, 12).Select(i => new { id = $"e{i}", team = i <= 6 ? "T1" : i <= 9 ? "T2" : "T3" }));
        await db.ExecuteAsync("INSERT INTO interventions (intervention_id, name, kind, cost_per_participant, " +
            "currency) VALUES (@id, @name, @kind, @cost, @currency)", new[]
        {
            new { id = "coach", name = (string?)"Call coaching", kind = "coaching", cost = (double?)400,
                currency = (string?)"EUR" },
            new { id = "elearn", name = (string?)"Product e-learning", kind = "elearning", cost = (double?)null,
                currency = (string?)null },
            new { id = "mandatory", name = (string?)null, kind = "training", cost = (double?)null,
                currency = (string?)null },
        });
        await db.ExecuteAsync("INSERT INTO completions (employee_id, intervention_id, completed_on, status, source) " +
            "VALUES (@e, @i, @d, @s, 'csv')", new[]
        {
            new { e = "e1", i = "coach", d = "2025-03-01", s = "completed" }, new { e = "e1", i = "coach",
                d = "2025-04-01", s = "passed" },
            new { e = "e2", i = "coach", d = "2025-03-01", s = "passed" }, new { e = "e3", i = "coach",
                d = "2025-03-01", s = "enrolled" },
            new { e = "e4", i = "elearn", d = "2025-02-01", s = "completed" },
        });
        await db.ExecuteAsync("INSERT INTO metrics (metric_id, name, unit, direction, owner, level, kind) VALUES " +
            "(@id, @name, @unit, @dir, @owner, 'employee', 'performance')", new[]
        {
            new { id = "fcr", name = "First-contact resolution", unit = (string?)"%", dir = "higher_is_better",
                owner = ServiceOwner },
            new { id = "aht", name = "Average handle time", unit = (string?)"s", dir = "lower_is_better",
                owner = ServiceOwner },
            new { id = "deals", name = "Deals closed", unit = (string?)null, dir = "higher_is_better",
                owner = SalesOwner },
            new { id = "nps_calls", name = "Call quality score", unit = (string?)"points", dir = "higher_is_better",
                owner = SalesOwner },
        });
        // fcr: e1..e4 over three months; January is 60, 70, 80, 90 (mean 75, sample SD 12.91).
        var fcr = new[] { 60.0, 70, 80, 90 };
        await db.ExecuteAsync("INSERT INTO kpi_observations (metric_id, subject_id, period_start, value) VALUES (@m, " +
            "@s, @p, @v)",
            new[] { "2025-01-01", "2025-02-01", "2025-03-01" }.SelectMany((p, month) => fcr.Select((v, i) =>
                new { m = "fcr", s = $"e{i + 1}", p, v = v + month }))
                .Concat(Enumerable.Range(1, 4).Select(i =>
                    new { m = "aht", s = $"e{i}", p = "2025-01-01", v = 300.0 + i }))
                .Concat(Enumerable.Range(7, 3).Select(i =>
                    new { m = "deals", s = $"e{i}", p = "2025-01-01", v = (double)i })));
        await SeedSurveyAsync(db);
        await SeedIngestRunsAsync(db);
        await SeedEstimatesAsync(db);
    }

    // Survey Q1: T1 has 6 responses (shown), T2 has 3 (hidden at 5), T3 exactly 5 (shown, the boundary).
    static async Task SeedSurveyAsync(System.Data.Common.DbConnection db)
    {
        var responses = new List<(string Id, string Team, int? Enps, int Belonging)>();
        int[] t1Enps = [10, 9, 9, 7, 3, 10], t1Belonging = [5, 4, 4, 3, 2, 4];
        for (var i = 0; i < 6; i++) responses.Add(($"r1-{i}", "T1", t1Enps[i], t1Belonging[i]));
        for (var i = 0; i < 3; i++) responses.Add(($"r2-{i}", "T2", 0, 1));
        for (var i = 0; i < 5; i++) responses.Add(($"r3-{i}", "T3", null, 5));
        await db.ExecuteAsync("INSERT INTO survey_responses (response_id, survey_id, team_id, submitted_on, enps) " +
            "VALUES (@Id, '2025-Q1', @Team, '2025-03-15', @Enps)",
            responses.Select(r => new { r.Id, r.Team, r.Enps }));
        await db.ExecuteAsync("INSERT INTO survey_answers (response_id, item, score) VALUES (@Id, 'belonging', " +
            "@Belonging)",
            responses.Select(r => new { r.Id, r.Belonging }));
    }

    static async Task SeedIngestRunsAsync(System.Data.Common.DbConnection db)
    {
        const string insert = """
            INSERT INTO ingest_runs (source, location, dry_run, started_at, ended_at, outcome, rows_read, rows_stored,
                rows_updated, rows_unchanged, rows_rejected, message)
            VALUES (@source, @location, @dry, @started, @started, @outcome, @read, @stored, 0, 0, @rejected, @message)
            """;
        await db.ExecuteAsync(insert, new[]
        {
            new { source = "employees", location = "/data/employees.csv", dry = 0, started = "2025-04-01T08:00:00Z",
                outcome = "succeeded", read = 12L, stored = 12L, rejected = 0L, message = (string?)null },
            new { source = "kpi", location = "/data/kpi.csv", dry = 0, started = "2025-04-02T08:00:00Z",
                outcome = "partial", read = 22L, stored = 20L, rejected = 2L, message = (string?)null },
            new { source = "kpi", location = "/data/kpi-new.csv", dry = 1, started = "2025-04-03T08:00:00Z",
                outcome = "succeeded", read = 5L, stored = 0L, rejected = 0L, message = (string?)null },
            new { source = "completions", location = "/data/completions.csv", dry = 0,
                started = "2025-04-04T08:00:00Z", outcome = "failed", read = 0L, stored = 0L, rejected = 0L,
                message = (string?)"completions.csv is not UTF-8." },
        });
        var kpiRun =
            await db.ExecuteScalarAsync<long>("SELECT MAX(run_id) FROM ingest_runs WHERE source = 'kpi' AND dry_run " +
            "= 0");
        await db.ExecuteAsync("INSERT INTO ingest_rejections (run_id, file, line, field, reason, raw) VALUES (@run, " +
            "'/data/kpi.csv', @line, @field, @reason, @raw)", new[]
        {
            new { run = kpiRun, line = 7L, field = "value", reason = "value 'n/a' is not a number",
                raw = "fcr,e9,2025-01-01,n/a" },
            new { run = kpiRun, line = 12L, field = "metric_id", reason = "metric 'csat' is not defined",
                raw = "csat,e1,2025-01-01,4" },
        });
    }

    static async Task SeedEstimatesAsync(System.Data.Common.DbConnection db)
    {
        const string run =
            "INSERT INTO estimate_runs (started_at, ended_at, status, parameters, data_version, impact_version) " +
            "VALUES (@at, @at, @status, '{}', 'v', 'test')";
        await db.ExecuteAsync(run, new { at = "2025-05-01T00:00:00Z", status = "succeeded" });
        var older = await db.ExecuteScalarAsync<long>("SELECT MAX(run_id) FROM estimate_runs");
        await db.ExecuteAsync(run, new { at = "2025-05-02T00:00:00Z", status = "succeeded" });
        var latest = await db.ExecuteScalarAsync<long>("SELECT MAX(run_id) FROM estimate_runs");
        await db.ExecuteAsync(run, new { at = "2025-05-03T00:00:00Z", status = "failed" });

        const string result = """
            INSERT INTO estimate_results (run_id, intervention_id, metric_id, status, verdict, reason, n_treated,
                n_control, detail)
            VALUES (@run, @i, @m, @status, @verdict, @reason, 0, 0, @detail)
            """;
        await db.ExecuteAsync(result, new[]
        {
            // The older run said "worsened": the pages must show the latest run's "improved".
            new { run = older, i = "coach", m = "fcr", status = "estimated", verdict = "worsened", reason = "old",
                detail = "{}" },
            new { run = latest, i = "coach", m = "fcr", status = "estimated", verdict = "improved",
                reason = "Coaching raised first-contact resolution by 4.2 points.", detail = CoachFcr },
            new { run = latest, i = "elearn", m = "fcr", status = "estimated", verdict = "no_detectable_effect",
                reason = "The interval includes zero.",
                // Tolerance: numbers as strings, nulls, missing fields, a malformed event-study point.
                detail = """
                    {"estimate":"0.3","ci_low":null,"benefit_per_participant":36,"benefit_ci_low":-120,
                     "benefit_ci_high":190,"roi":null,
                     "warnings":["Weak overlap: 12% of the comparison group was trimmed."],
                     "event_study":[{"relative_period":0}]}
                    """ },
            new { run = latest, i = "mandatory", m = "fcr", status = "insufficient_data",
                verdict = "insufficient_data", reason = InsufficientReason, detail = "not json" },
        });
    }

    // The coaching estimate as an estimate run writes it: a PairResult in EstimateRunTables' JSON.
    static readonly string CoachFcr = JsonSerializer.Serialize(new PairResult
    {
        InterventionId = "coach", MetricId = "fcr", Status = PairStatus.Estimated, Verdict = Verdicts.Improved,
        Reason = "Coaching raised first-contact resolution by 4.2 points.",
        Estimate = 4.2, StdError = 1.1, CiLow = 2.04, CiHigh = 6.36, RelativeEffect = 0.056, NTreated = 2, NControl = 2,
        NaiveDifference = 9.8, DidEstimate = 4.0, CompletionRate = 0.5, PretrendP = 0.61, Anticipation = 0,
        PlaceboP = 0.72, EffectiveNControl = 1.8, Robustness = 2.3, SpecLow = 3.9, SpecHigh = 4.6,
        BenefitPerParticipant = 504, BenefitCiLow = 245, BenefitCiHigh = 763, Roi = 0.26, Currency = "EUR",
        EventStudy = [new(-2, 0.1, -1.2, 1.4), new(-1, -0.2, -1.5, 1.1), new(0, 3.8, 1.9, 5.7), new(1, 4.5, 2.4, 6.6)],
        Heterogeneity = [new("role", "agent", 5.1, 2.0, 8.2, 2) { QValue = 0.04 },
            new("tenure_band", "0-1 years", 2.3, -1.0, 5.6, 1) { QValue = 0.3 }],
        HighPerformers = [HighPerformerFinding],
    }, EstimateRunTables.Json);

    public const string HighPerformerFinding =
        "62% of top-quartile performers on First-contact resolution work the day shift, against 40% of middle " +
        "performers (the classifier loses 0.031 AUC without it).";
}
