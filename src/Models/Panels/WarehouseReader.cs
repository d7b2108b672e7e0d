using System.Globalization;
using Dapper;
using Impact.Models.Outcomes;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Models.Panels;

/// <summary>
/// Reads what the models need from the warehouse: employees and their attributes, interventions,
/// finished completions, performance metrics and their KPI observations. It reads no survey table:
/// engagement is kept apart and is never an outcome.
/// </summary>
public static class WarehouseReader
{
    sealed record EmployeeDb(string employee_id, string? team_id, string? role, string? hire_date, string? location);
    sealed record AttributeDb(string employee_id, string name, string? value);
    sealed record MetricDb(string metric_id, string name, string? unit, string direction, string level, string kind,
        double? value_per_unit, string? currency, double? smallest_meaningful_change);
    sealed record InterventionDb(string intervention_id, string? name, string kind, double? cost_per_participant,
        string? currency);
    sealed record CompletionDb(string employee_id, string intervention_id, string completed_on, string status);

    public static async Task<IReadOnlyList<PerformanceMetric>> MetricsAsync(Database warehouse, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        var rows = await db.QueryAsync<MetricDb>(new CommandDefinition(
            """
            SELECT metric_id, name, unit, direction, level, kind, value_per_unit, currency, smallest_meaningful_change
            FROM metrics WHERE kind = 'performance' ORDER BY metric_id
            """,
            cancellationToken: ct));
        return rows.Select(m => PerformanceMetric.FromMetricsRow(m.metric_id, m.name, m.unit, m.direction, m.level,
            m.kind, m.value_per_unit, m.currency, m.smallest_meaningful_change)).ToList();
    }

    /// <param name="metricId">Only this metric's KPIs (null: all performance metrics).</param>
    /// <param name="dates">Dates the models can place; what lies outside is left out and reported.</param>
    public static async Task<Organisation> ReadAsync(Database warehouse, string? metricId, CancellationToken ct,
        DateWindow? dates = null)
    {
        var window = dates ?? DateWindow.Default;
        var metrics = (await MetricsAsync(warehouse, ct)).Where(m => metricId is null || m.Id == metricId).ToList();
        // KPI tables are the big ones (millions of rows at 100,000 employees) and reading them is CPU-bound:
        // each metric streams on its own connection, side by side with the small tables below.
        var kpiReads = metrics.Select(m => Task.Run(() => KpisAsync(warehouse, m, window, ct), ct)).ToArray();
        await using var db = await warehouse.OpenAsync(ct);
        var attributes = (await db.QueryAsync<AttributeDb>(new CommandDefinition(
                "SELECT employee_id, name, value FROM employee_attributes", cancellationToken: ct)))
            .GroupBy(a => a.employee_id).ToDictionary(g => g.Key, g =>
                (IReadOnlyDictionary<string, string?>)g.ToDictionary(a => a.name, a => a.value));
        var empty = new Dictionary<string, string?>();
        var employees = (await db.QueryAsync<EmployeeDb>(new CommandDefinition(
                "SELECT employee_id, team_id, role, hire_date, location FROM employees", cancellationToken: ct)))
            .Select(e => new EmployeeRow(e.employee_id, e.team_id, e.role, Plausible(ParseDate(e.hire_date), window),
                e.location, attributes.GetValueOrDefault(e.employee_id) ?? empty)).ToList();
        var types = (await db.QueryAsync<(string Name, string Type)>(new CommandDefinition(
                "SELECT name, value_type FROM attribute_definitions", cancellationToken: ct)))
            .ToDictionary(t => t.Name, t => t.Type == "numeric");
        var interventions = (await db.QueryAsync<InterventionDb>(new CommandDefinition(
                "SELECT intervention_id, name, kind, cost_per_participant, currency FROM interventions",
                cancellationToken: ct)))
            .Select(i => new InterventionRow(i.intervention_id, i.name ?? i.intervention_id, i.kind,
                i.cost_per_participant, i.currency)).ToList();
        var leftOut = new List<string>();
        var completionRows = (await db.QueryAsync<CompletionDb>(new CommandDefinition(
            $"""
            SELECT employee_id, intervention_id, completed_on, status FROM completions
            WHERE {Finished.Condition("status")}
            """, cancellationToken: ct))).ToList();
        var completions = completionRows
            .Select(c => Plausible(ParseDate(c.completed_on), window) is { } on
                ? new CompletionRow(c.employee_id, c.intervention_id, on, c.status) : null)
            .OfType<CompletionRow>().ToList();
        if (completions.Count < completionRows.Count)
            leftOut.Add($"{completionRows.Count - completions.Count:N0} completions with a date outside " +
                        $"{Window(window)} " +
                        "were left out.");

        // Not voided, and only statements matched to an employee: unmatched actors are nobody's activity.
        var xapi = (await db.QueryAsync<(string Employee, long Statements, double? Seconds)>(new CommandDefinition(
                """
                SELECT s.employee_id, COUNT(*), SUM(r.duration_seconds)
                FROM xapi_statements s LEFT JOIN xapi_results r ON r.statement_id = s.statement_id
                WHERE s.voided = 0 AND s.employee_id IS NOT NULL
                GROUP BY s.employee_id
                """, cancellationToken: ct)))
            .ToDictionary(x => x.Employee, x => new XapiActivity((int)x.Statements, (x.Seconds ?? 0) / 3600));

        var perMetric = await Task.WhenAll(kpiReads);
        foreach (var (_, skipped) in perMetric)
            if (skipped.Count > 0) leftOut.Add(skipped.Sentence(Window(window)));
        var kpis = new ColumnarKpis(perMetric.Select(k => k.Columns).ToArray());
        return new Organisation(employees, types, interventions, completions, metrics, kpis)
        {
            Xapi = xapi, LeftOut = leftOut,
        };
    }

    // Dates the period arithmetic can place: the window ingest enforces (a value stored before it, such as
    // 9999-12-31, has no next period and would break every estimate of its metric).
    static DateOnly? Plausible(DateOnly? date, DateWindow window) => date is { } d && window.Contains(d) ? d : null;

    static string Window(DateWindow window) => $"{Clock.Date(window.Earliest)} to {Clock.Date(window.Latest)}";

    static async Task<(KpiColumns Columns, SkippedKpis Skipped)> KpisAsync(Database warehouse,
        PerformanceMetric metric, DateWindow window, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        return await KpiReader.ReadAsync(db, metric.Id, text => Plausible(ParseDate(text), window), ct);
    }

    /// <summary>
    /// What the data looked like when estimated: the last ingest run and the row counts, so a stored
    /// estimate run can be matched to (or told apart from) the data it came from.
    /// </summary>
    public static async Task<string> DataVersionAsync(Database warehouse, CancellationToken ct)
    {
        await using var db = await warehouse.OpenAsync(ct);
        var v = await db.QuerySingleAsync<(long? Run, long Kpi, long Completions,
            long Employees)>(new CommandDefinition(
            // The counts the write triggers keep (migration 0015), equal to COUNT(*) of each table: the dashboard
            // asks for this on every chart image, and counting 7M KPI rows each time would cost seconds.
            "SELECT (SELECT MAX(run_id) FROM ingest_runs), " +
            "(SELECT CAST(COALESCE(SUM(subjects), 0) AS BIGINT) FROM kpi_period_stats), " +
            "(SELECT row_count FROM table_rows WHERE table_name = 'completions'), " +
            "(SELECT row_count FROM table_rows WHERE table_name = 'employees')",
            cancellationToken: ct));
        return $"ingest:{v.Run ?? 0};kpi:{v.Kpi};completions:{v.Completions};employees:{v.Employees}";
    }

    static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
            out var d) ? d : null;
}
