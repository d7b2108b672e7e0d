using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Impact.Models.Simulation;

/// <summary>
/// Writes a simulated organisation as the canonical files that <c>impact ingest folder</c> reads (employees.csv,
/// interventions.csv, metrics.json, completions.csv, kpi.csv, survey_items.csv, survey.csv) plus truth.json.
/// </summary>
public static class CanonicalFiles
{
    public static readonly string[] Names = ["employees.csv", "interventions.csv", "metrics.json", "completions.csv",
        "kpi.csv", "survey_items.csv", "survey.csv", "truth.json"];

    /// <summary>The simulated survey's items and the questions they stand for.</summary>
    static readonly (string Item, string Question)[] SurveyItems =
    [
        ("feel_valued", "I feel valued for the work I do"),
        ("workload_manageable", "My workload is manageable"),
        ("manager_support", "My manager supports me when I need it"),
        ("growth_opportunities", "I have good opportunities to learn and grow here"),
        ("intend_to_stay", "I see myself still working here in two years"),
    ];

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task WriteAsync(OrganisationSimulator.Result result, string folder, SimulationOptions options,
        CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var org = result.Organisation;
        var attributes = org.AttributeIsNumeric.Keys.Order(StringComparer.Ordinal).ToList();
        var leads = org.Employees.Where(e => e.Role == "team_lead").GroupBy(e => e.TeamId).ToDictionary(g => g.Key
            ?? "", g => g.First().Id);

        await WriteCsvAsync(Path.Combine(folder, "employees.csv"),
            ["employee_id", "team_id", "role", "hire_date", "location", "manager_id", .. attributes],
            org.Employees.Select(e => (string?[])[e.Id, e.TeamId, e.Role, Date(e.HireDate), e.Location,
                leads.GetValueOrDefault(e.TeamId ?? "") is { } lead && lead != e.Id ? lead : null,
                .. attributes.Select(a => e.Attributes.GetValueOrDefault(a))]), ct);
        await WriteCsvAsync(Path.Combine(folder, "interventions.csv"),
            ["intervention_id", "name", "kind", "cost_per_participant", "currency"],
            org.Interventions.Select(i =>
                (string?[])[i.Id, i.Name, i.Kind, Number(i.CostPerParticipant), i.Currency]), ct);
        await WriteCsvAsync(Path.Combine(folder, "completions.csv"),
            ["employee_id", "intervention_id", "completed_on", "status", "score"],
            org.Completions.OrderBy(c => c.CompletedOn).ThenBy(c => c.EmployeeId, StringComparer.Ordinal)
                .Select(c => (string?[])[c.EmployeeId, c.InterventionId, Date(c.CompletedOn), c.Status, null]), ct);
        await WriteCsvAsync(Path.Combine(folder, "kpi.csv"), ["metric_id", "subject_id", "period_start", "value"],
            org.Kpis.Select(k => (string?[])[k.MetricId, k.SubjectId, Date(k.PeriodStart), Number(k.Value)]), ct);
        string[] items = SurveyItems.Select(i => i.Item).ToArray();
        await WriteCsvAsync(Path.Combine(folder, "survey_items.csv"), ["item", "question"],
            SurveyItems.Select(i => (string?[])[i.Item, i.Question]), ct);
        string[] surveyHeader = ["respondent_id", "team_id", "submitted_on", .. items, "enps"];
        await WriteCsvAsync(Path.Combine(folder, "survey.csv"), surveyHeader,
            result.Survey.Select(s => (string?[])[s.RespondentId, s.TeamId, Date(s.SubmittedOn),
                .. s.Items.Select(v => v.ToString(CultureInfo.InvariantCulture)),
                    s.Enps.ToString(CultureInfo.InvariantCulture)]), ct);

        var owners = result.MetricOwners.ToDictionary(o => o.Id, o => o.Owner);
        var metrics = org.Metrics.Select(m => new
        {
            id = m.Id, name = m.Name, unit = m.Unit,
            direction = m.Direction == Outcomes.Direction.HigherIsBetter ? "higher_is_better" : "lower_is_better",
            owner = owners[m.Id], level = m.Level == Outcomes.MetricLevel.Team ? "team" : "employee",
            value_per_unit = m.ValuePerUnit, currency = m.Currency, kind = "performance",
            smallest_meaningful_change = m.SmallestMeaningfulChange,
        });
        await File.WriteAllTextAsync(Path.Combine(folder, "metrics.json"),
            JsonSerializer.Serialize(metrics, Json) + "\n", ct);
        var truth = new
        {
            generator = "Impact.Models.Simulation.OrganisationSimulator", options.Seed, options.Employees,
            options.Months, options.DipSize, options.TeamShock, rollout = options.Rollout.ToString().ToLowerInvariant(),
            effects = result.Truth,
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "truth.json"),
            JsonSerializer.Serialize(truth, Json) + "\n", ct);
    }

    static async Task WriteCsvAsync(string path, string[] header, IEnumerable<string?[]> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.NewLine = "\n";
        await writer.WriteLineAsync(string.Join(',', header));
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            line.Clear();
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0) line.Append(',');
                line.Append(Quote(row[i]));
            }
            await writer.WriteLineAsync(line.ToString());
        }
    }

    static string Quote(string? value) => value is null ? ""
        : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string? Number(double? v) => v?.ToString("0.######", CultureInfo.InvariantCulture);
}
