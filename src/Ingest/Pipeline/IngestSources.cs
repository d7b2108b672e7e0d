using Impact.Ingest.Completions;
using Impact.Ingest.Employees;
using Impact.Ingest.Interventions;
using Impact.Ingest.Kpi;
using Impact.Ingest.Metrics;
using Impact.Ingest.Sql;
using Impact.Ingest.Survey;
using Impact.Warehouse;

namespace Impact.Ingest.Pipeline;

/// <summary>
/// Every source by the name users type (<c>impact ingest &lt;name&gt; &lt;path&gt;</c>) and, for folder
/// ingest, the canonical file it reads. Order matters: it is the dependency order of a folder load
/// (employees before completions that name them, metrics before the KPIs that use them).
/// To add a source, add one entry here (see src/Ingest/README.md).
/// </summary>
public static class IngestSources
{
    public delegate Task<IngestSummary> Runner(Database warehouse, string path, IngestOptions options,
        CancellationToken ct);

    public sealed record Entry(string Name, string CanonicalFile, string Description, Runner Run);

    public static IReadOnlyList<Entry> All { get; } =
    [
        new("employees", "employees.csv",
            "Employees (CSV: employee_id, team_id, role, hire_date, location, manager_id, then any attribute columns).",
            (w, p, o, ct) => IngestRunner.RunAsync(w, new EmployeesSource(p), o, ct)),
        new("interventions", "interventions.csv",
            "Learning interventions (CSV: intervention_id, name, kind, cost_per_participant, currency).",
            (w, p, o, ct) => IngestRunner.RunAsync(w, new InterventionsSource(p), o, ct)),
        new("metrics", "metrics.json",
            "Metric definitions (JSON array: id, name, unit, direction, owner, level, kind, value_per_unit, " +
            "currency, smallest_meaningful_change).",
            (w, p, o, ct) => IngestRunner.RunAsync(w, new MetricsSource(p), o, ct)),
        new("completions", "completions.csv",
            "LMS completions (CSV: employee_id, intervention_id, completed_on, status, score; --profile for LMS " +
            "exports).",
            (w, p, o, ct) => IngestRunner.RunAsync(w, new CompletionsSource(p), o, ct)),
        new("kpi", "kpi.csv", "KPI values (CSV: metric_id, subject_id, period_start, value).",
            (w, p, o, ct) => IngestRunner.RunAsync(w, new KpiCsvSource(p), o, ct)),
        new("kpi-sql", "",
            "KPI values from an operational database: the argument is the source's name; IMPACT_SQL_<NAME> and " +
            "IMPACT_SQL_<NAME>_QUERY configure it.",
            (w, name, o, ct) =>
                IngestRunner.RunAsync(w, new SqlKpiSource(SqlConnectionSettings.Find(name, o.SqlSources)), o, ct)),
        new("survey-items", "survey_items.csv",
            "The question behind each survey item, for the engagement pages' labels (CSV: item, question).",
            (w, p, o, ct) => IngestRunner.RunAsync(w, new SurveyItemsSource(p), o, ct)),
        new("survey", "survey.csv",
            "Engagement survey, kept apart from performance (CSV: respondent_id, team_id, submitted_on, Likert items " +
            "1-5, enps 0-10; --profile glint).",
            (w, p, o, ct) => IngestRunner.RunAsync(w, new SurveySource(p), o, ct)),
        new("identities", "identities.csv",
            "xAPI identity map (CSV: actor, employee_id; actor is mailto:…, an mbox_sha1sum, " +
            "account:<homePage>|<name> or openid:<uri>).",
            (w, p, o, ct) => IngestRunner.RunAsync(w, new Xapi.IdentitiesSource(p), o, ct)),
        new("xapi", "xapi.json",
            "xAPI 1.0.3 statements (JSON array or StatementResult), or a live LRS with --lrs <base-url>.",
            (w, p, o, ct) => IngestRunner.RunAsync(w, new Xapi.XapiFileSource(p), o, ct)),
    ];

    public static Entry? Find(string name) =>
        All.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public static Task<IngestSummary> RunAsync(Database warehouse, string source, string path, IngestOptions options,
        CancellationToken ct) =>
        (Find(source)
            ?? throw new ImpactException($"There is no ingest source '{source}'; known sources: " +
            $"{string.Join(", ", All.Select(e => e.Name))}."))
        .Run(warehouse, path, options, ct);
}
