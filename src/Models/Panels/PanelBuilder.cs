using System.Globalization;
using Impact.Models.Outcomes;

namespace Impact.Models.Panels;

/// <summary>Turns an <see cref="Organisation"/> into the <see cref="Panel"/> of one metric.</summary>
public static class PanelBuilder
{
    // A category becomes a feature only when common enough to learn from; rare levels share "other".
    const double MinLevelShare = 0.01;
    const int MaxLevels = 30;

    public static Panel Build(Organisation org, PerformanceMetric metric)
    {
        var kpis = org.KpisOf(metric.Id);
        var periods = new Periods(kpis.PeriodStarts);
        return metric.Level == MetricLevel.Team ? BuildTeams(org, metric, kpis, periods) : BuildEmployees(org, metric,
            kpis, periods);
    }

    static Panel BuildEmployees(Organisation org, PerformanceMetric metric, KpiColumns kpis, Periods periods)
    {
        var employees = org.Employees.ToDictionary(e => e.Id);
        var ids = (string[])kpis.SubjectIds.Clone();
        var index = Index(ids);
        var values = kpis.Matrix();
        var start = periods.Count > 0 ? periods.Starts[0] : DateOnly.MinValue;
        var rows = ids.Select(id => employees.GetValueOrDefault(id)).ToArray();

        var names = new List<string>();
        var columns = new List<float[]>();
        var tenure = rows.Select(r => r?.HireDate is { } h ? (float)((start.DayNumber - h.DayNumber) / 365.25)
            : float.NaN).ToArray();
        AddNumeric("tenure_years", tenure, names, columns);
        AddCategorical("role", rows.Select(r => r?.Role).ToArray(), names, columns);
        AddCategorical("team", rows.Select(r => r?.TeamId).ToArray(), names, columns);
        AddCategorical("location", rows.Select(r => r?.Location).ToArray(), names, columns);
        var groups = new Dictionary<string, string?[]>
        {
            ["role"] = rows.Select(r => r?.Role).ToArray(),
            ["team"] = rows.Select(r => r?.TeamId).ToArray(),
            [TenureGroup] = tenure.Select(TenureBand).ToArray(),
        };
        foreach (var (attribute, numeric) in org.AttributeIsNumeric.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var raw = rows.Select(r => r?.Attributes.GetValueOrDefault(attribute)).ToArray();
            if (numeric)
                AddNumeric(attribute, raw.Select(Finite).ToArray(), names, columns);
            else
            {
                AddCategorical(attribute, raw, names, columns);
                groups[attribute] = raw;
            }
        }

        var treated = new Dictionary<string, DateOnly?[]>();
        foreach (var intervention in org.Interventions) treated[intervention.Id] = new DateOnly?[ids.Length];
        foreach (var c in org.Finished)
        {
            if (!index.TryGetValue(c.EmployeeId, out var u)
                || !treated.TryGetValue(c.InterventionId, out var dates)) continue;
            if (dates[u] is null || c.CompletedOn < dates[u]) dates[u] = c.CompletedOn;
        }
        var panel = Assemble(
            metric, periods, ids, values, names, columns, groups, treated, org, XapiActivity(org, ids));
        return panel.With(teams: rows.Select(r => r?.TeamId).ToArray());
    }

    static Dictionary<string, float[]> XapiActivity(Organisation org, string[] ids) => org.Xapi.Count == 0 ? [] : new()
    {
        ["xAPI statements recorded"] = ids.Select(id =>
            (float)(org.Xapi.GetValueOrDefault(id)?.Statements ?? 0)).ToArray(),
        ["hours of learning recorded by xAPI"] = ids.Select(id =>
            (float)(org.Xapi.GetValueOrDefault(id)?.Hours ?? 0)).ToArray(),
    };

    /// <summary>
    /// A team-level metric's units are teams. A team counts as treated when at least half its members
    /// finished the intervention, on the date the middle one of them did: its metric can only move once
    /// the team as a whole has been through it.
    /// </summary>
    static Panel BuildTeams(Organisation org, PerformanceMetric metric, KpiColumns kpis, Periods periods)
    {
        var ids = (string[])kpis.SubjectIds.Clone();
        var index = Index(ids);
        var values = kpis.Matrix();
        var members = org.Employees.Where(e => e.TeamId is not null && index.ContainsKey(e.TeamId))
            .GroupBy(e => e.TeamId!).ToDictionary(g => g.Key, g => g.ToList());
        var start = periods.Count > 0 ? periods.Starts[0] : DateOnly.MinValue;
        var names = new List<string>();
        var columns = new List<float[]>();
        AddNumeric("team_size", ids.Select(t => (float)(members.GetValueOrDefault(t)?.Count ?? 0)).ToArray(),
            names, columns);
        AddNumeric("mean_tenure_years",
            ids.Select(t => members.GetValueOrDefault(t) is { } m && m.Any(e => e.HireDate is not null)
            ? (float)m.Where(e => e.HireDate is not null).Average(e =>
                (start.DayNumber - e.HireDate!.Value.DayNumber) / 365.25) : float.NaN).ToArray(), names, columns);

        var firstByEmployee = org.Finished.GroupBy(c => (c.EmployeeId, c.InterventionId))
            .ToDictionary(g => g.Key, g => g.Min(c => c.CompletedOn));
        var treated = new Dictionary<string, DateOnly?[]>();
        var exposed = new Dictionary<string, DateOnly?[]>();
        foreach (var intervention in org.Interventions)
        {
            var dates = new DateOnly?[ids.Length];
            var first = new DateOnly?[ids.Length];
            for (var u = 0; u < ids.Length; u++)
            {
                var team = members.GetValueOrDefault(ids[u]);
                if (team is null) continue;
                var done = team.Select(e => firstByEmployee.TryGetValue((e.Id, intervention.Id), out var d) ? d
                    : (DateOnly?)null)
                    .Where(d => d is not null).Select(d => d!.Value).Order().ToList();
                var half = (team.Count + 1) / 2;
                if (done.Count >= half && half > 0) dates[u] = done[half - 1];
                if (done.Count > 0) first[u] = done[0];
            }
            treated[intervention.Id] = dates;
            exposed[intervention.Id] = first;
        }
        return Assemble(metric, periods, ids, values, names, columns, new Dictionary<string, string?[]>(),
            treated, org).With(exposedOn: exposed);
    }

    static Panel Assemble(PerformanceMetric metric, Periods periods, string[] ids, float[] values, List<string> names,
        List<float[]> columns, Dictionary<string, string?[]> groups, Dictionary<string, DateOnly?[]> treated,
            Organisation org,
        Dictionary<string, float[]>? activity = null)
    {
        var features = new float[ids.Length * names.Count];
        for (var u = 0; u < ids.Length; u++)
            for (var f = 0; f < names.Count; f++) features[u * names.Count + f] = columns[f][u];
        return new Panel
        {
            Metric = metric, Periods = periods, UnitIds = ids, Values = values, FeatureNames = names.ToArray(),
            Features = features, Groups = groups, TreatedOn = treated,
            Interventions = org.Interventions.ToDictionary(i => i.Id), Activity = activity ?? [],
        };
    }

    static Dictionary<string, int> Index(string[] ids)
    {
        var index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++) index[ids[i]] = i;
        return index;
    }

    // A value that is not a finite number (Infinity stored before ingest refused it) is missing.
    static float Finite(string? value) =>
        double.TryParse(value, CultureInfo.InvariantCulture, out var d) && float.IsFinite((float)d)
            ? (float)d : float.NaN;

    static string? TenureBand(float years) => float.IsNaN(years) ? null : years switch
    {
        < 1 => TenureBands[0],
        < 3 => TenureBands[1],
        < 7 => TenureBands[2],
        _ => TenureBands[3],
    };

    /// <summary>The heterogeneity group of tenure bands.</summary>
    public const string TenureGroup = "tenure";

    /// <summary>The tenure bands' labels, shortest tenure first: the order a reader expects them in.</summary>
    public static readonly IReadOnlyList<string> TenureBands = ["under 1 year", "1-3 years", "3-7 years", "7+ years"];

    /// <summary>A numeric feature; missing values get the mean and a missing flag when there are any.</summary>
    static void AddNumeric(string name, float[] raw, List<string> names, List<float[]> columns)
    {
        var present = raw.Where(v => !float.IsNaN(v)).ToArray();
        if (present.Length == 0) return;
        var mean = present.Average();
        names.Add(name);
        columns.Add(raw.Select(v => float.IsNaN(v) ? mean : v).ToArray());
        if (present.Length < raw.Length)
        {
            names.Add(name + "_missing");
            columns.Add(raw.Select(v => float.IsNaN(v) ? 1f : 0f).ToArray());
        }
    }

    static void AddCategorical(string name, string?[] raw, List<string> names, List<float[]> columns)
    {
        var levels = raw.Where(v => !string.IsNullOrEmpty(v)).GroupBy(v => v!).Where(g =>
            g.Count() >= MinLevelShare * raw.Length)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(MaxLevels).Select(g =>
                g.Key).ToList();
        // One level less than there are: the rest is the reference.
        foreach (var level in levels.Skip(1))
        {
            names.Add($"{name}={level}");
            columns.Add(raw.Select(v => v == level ? 1f : 0f).ToArray());
        }
    }
}
