using System.Globalization;
using System.Text.Json;
using Dapper;
using Impact.Ingest.Db;

namespace Impact.Tests.Models;

/// <summary>
/// TEST-ONLY loader of a canonical ingest folder (employees.csv, interventions.csv, metrics.json,
/// completions.csv, kpi.csv) with plain parameterised inserts, so the models' warehouse path can be
/// tested before `impact ingest folder` exists on this branch. No validation: the files are ours.
/// Survey files are deliberately not loaded here.
/// </summary>
public static class CanonicalSeeder
{
    public static async Task LoadAsync(Warehouse warehouse, string folder)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await using var tx = await db.BeginTransactionAsync();
        var employees = ReadCsv(Path.Combine(folder, "employees.csv"));
        var fixedColumns = new[] { "employee_id", "team_id", "role", "hire_date", "location", "manager_id" };
        var attributes = employees.Header.Except(fixedColumns).ToList();
        foreach (var row in employees.Rows)
        {
            await db.ExecuteAsync("INSERT INTO employees (employee_id, team_id, role, hire_date, location, manager_id) VALUES (@employee_id, @team_id, @role, @hire_date, @location, @manager_id)",
                new { employee_id = row["employee_id"], team_id = row.GetValueOrDefault("team_id"), role = row.GetValueOrDefault("role"),
                      hire_date = row.GetValueOrDefault("hire_date"), location = row.GetValueOrDefault("location"), manager_id = row.GetValueOrDefault("manager_id") }, tx);
            foreach (var a in attributes.Where(a => row[a] is not null))
                await db.ExecuteAsync("INSERT INTO employee_attributes (employee_id, name, value) VALUES (@employee_id, @name, @value)",
                    new { employee_id = row["employee_id"], name = a, value = row[a] }, tx);
        }
        foreach (var a in attributes)
        {
            var numeric = employees.Rows.All(r => r[a] is null || double.TryParse(r[a], CultureInfo.InvariantCulture, out _));
            await db.ExecuteAsync("INSERT INTO attribute_definitions (name, value_type) VALUES (@name, @value_type)",
                new { name = a, value_type = numeric ? "numeric" : "categorical" }, tx);
        }
        foreach (var row in ReadCsv(Path.Combine(folder, "interventions.csv")).Rows)
            await db.ExecuteAsync("INSERT INTO interventions (intervention_id, name, kind, cost_per_participant, currency) VALUES (@intervention_id, @name, @kind, @cost, @currency)",
                new { intervention_id = row["intervention_id"], name = row["name"], kind = row["kind"], cost = Number(row.GetValueOrDefault("cost_per_participant")), currency = row.GetValueOrDefault("currency") }, tx);
        foreach (var row in ReadCsv(Path.Combine(folder, "completions.csv")).Rows)
            await db.ExecuteAsync("INSERT INTO completions (employee_id, intervention_id, completed_on, status, score, source) VALUES (@employee_id, @intervention_id, @completed_on, @status, @score, 'test')",
                new { employee_id = row["employee_id"], intervention_id = row["intervention_id"], completed_on = row["completed_on"], status = row["status"], score = Number(row.GetValueOrDefault("score")) }, tx);
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "metrics.json"))))
            foreach (var m in json.RootElement.EnumerateArray())
                await db.ExecuteAsync("INSERT INTO metrics (metric_id, name, unit, direction, owner, level, kind, value_per_unit, currency) VALUES (@metric_id, @name, @unit, @direction, @owner, @level, @kind, @value_per_unit, @currency)",
                    new
                    {
                        metric_id = m.GetProperty("id").GetString(), name = m.GetProperty("name").GetString(), unit = Text(m, "unit"),
                        direction = m.GetProperty("direction").GetString(), owner = m.GetProperty("owner").GetString(), level = m.GetProperty("level").GetString(),
                        kind = m.GetProperty("kind").GetString(),
                        value_per_unit = m.TryGetProperty("value_per_unit", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null,
                        currency = Text(m, "currency"),
                    }, tx);
        var kpi = ReadCsv(Path.Combine(folder, "kpi.csv")).Rows.Select(row => new
        {
            metric_id = row["metric_id"], subject_id = row["subject_id"], period_start = row["period_start"], value = Number(row["value"]),
        });
        await db.ExecuteAsync("INSERT INTO kpi_observations (metric_id, subject_id, period_start, value) VALUES (@metric_id, @subject_id, @period_start, @value)", kpi, tx);
        await tx.CommitAsync();
    }

    static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    static double? Number(string? s) => string.IsNullOrEmpty(s) ? null : double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>Plain comma split: the canonical files written by our own converters have no quoted fields.</summary>
    static (string[] Header, List<Dictionary<string, string?>> Rows) ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).Select(f => header.Select((h, i) => (h, v: i < f.Length && f[i].Length > 0 ? f[i] : null))
            .ToDictionary(p => p.h, p => p.v)).ToList();
        return (header, rows);
    }
}
