using System.Globalization;

namespace Impact.Tests.Models.Estimation;

/// <summary>
/// Converts a LaLonde NSW file to Impact's canonical ingest files: participants as employees with
/// age, educ, black, hispanic, married, nodegree as attributes; one intervention `nsw` completed on
/// 1976-07-01 by the treated; one yearly metric `earnings` (USD, higher is better) observed in 1974,
/// 1975 (the pre-periods) and 1978 (the post-period).
/// </summary>
public static class LalondeCanonical
{
    public static string Convert(string csv)
    {
        var folder = Infrastructure.TempFiles.NewFolder();
        var lines = File.ReadAllLines(csv).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        string[] attributes = ["age", "educ", "black", "hispanic", "married", "nodegree"];
        File.WriteAllLines(Path.Combine(folder, "employees.csv"),
            rows.Select(r => string.Join(',', new[] { r[Col("id")] }.Concat(attributes.Select(a => r[Col(a)]))))
                .Prepend("employee_id," + string.Join(',', attributes)));
        File.WriteAllLines(Path.Combine(folder, "interventions.csv"),
            ["intervention_id,name,kind,cost_per_participant,currency", "nsw,NSW supported work,training,,"]);
        File.WriteAllLines(Path.Combine(folder, "completions.csv"),
            rows.Where(r => r[Col("treat")] == "1").Select(r => $"{r[Col("id")]},nsw,1976-07-01,completed,")
                .Prepend("employee_id,intervention_id,completed_on,status,score"));
        File.WriteAllText(Path.Combine(folder, "metrics.json"), """
            [{"id":"earnings","name":"Annual earnings","unit":"USD","direction":"higher_is_better",
              "owner":"NSW evaluation","level":"employee","kind":"performance"}]
            """);
        var kpi = new List<string> { "metric_id,subject_id,period_start,value" };
        foreach (var r in rows)
            foreach (var (column, year) in new[] { ("re74", 1974), ("re75", 1975), ("re78", 1978) })
            {
                var earnings = double.Parse(r[Col(column)], CultureInfo.InvariantCulture);
                kpi.Add($"earnings,{r[Col("id")]},{year}-01-01,{earnings.ToString(CultureInfo.InvariantCulture)}");
            }
        File.WriteAllLines(Path.Combine(folder, "kpi.csv"), kpi);
        return folder;
    }
}
