using Impact.Models.Outcomes;

namespace Impact.Models.Estimation;

/// <summary>Which level inference clusters at: <c>--cluster employee|team|auto</c>.</summary>
public enum ClusterChoice { Auto, Employee, Team }

/// <summary>
/// The groups whose members' errors may move together: each panel unit's cluster, how many clusters
/// there are, and why this level was chosen. Standard errors, the event study, the pre-trend test, the
/// placebo and the dip probe sum influence functions within a cluster, and cross-fitting folds split
/// clusters, so a team's shared bad month cannot leak from one fold into another.
/// </summary>
public sealed record Clustering(string Level, int[] ClusterOf, int Count, string[] Keys, string Reason)
{
    public const string Employee = "employee";
    public const string Team = "team";

    /// <summary>Each unit its own cluster (employees of an employee metric, teams of a team metric).</summary>
    public static Clustering ByUnit(Panels.Panel panel, string reason)
    {
        var level = panel.Metric.Level == MetricLevel.Team ? Team : Employee;
        var ids = panel.UnitIds;
        return new Clustering(level, Enumerable.Range(0, ids.Length).ToArray(), ids.Length, ids, reason);
    }

    /// <summary>Employees grouped by team; an employee without a recorded team is a cluster alone.</summary>
    public static Clustering ByTeam(Panels.Panel panel, string reason)
    {
        var teams = panel.Teams
            ?? throw new InvalidOperationException("Only an employee panel has teams to cluster by.");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>();
        var clusterOf = new int[teams.Length];
        for (var u = 0; u < teams.Length; u++)
        {
            var key = teams[u] is { } team ? "team:" + team : "employee:" + panel.UnitIds[u];
            if (!index.TryGetValue(key, out var c))
            {
                index[key] = c = keys.Count;
                keys.Add(key);
            }
            clusterOf[u] = c;
        }
        return new Clustering(Team, clusterOf, keys.Count, keys.ToArray(), reason);
    }

    /// <summary>
    /// The level for one pair. A team-level metric's units are teams already. For an employee metric,
    /// <c>auto</c> clusters by team when completion is decided by team (the intraclass correlation of
    /// completion within team and cohort is at least one half: the rule that inference clusters where
    /// treatment is assigned), or when Moulton's design effect — how much teammates' shared changes
    /// inflate the variance given how far completion runs in teams — exceeds <see cref="MaxDesignEffect"/>.
    /// The probe is the pair's stack without features; its comparison rows show how far changes run in teams.
    /// </summary>
    public static Clustering Choose(Stack probe, ClusterChoice choice)
    {
        var panel = probe.Panel;
        if (panel.Metric.Level == MetricLevel.Team || panel.Teams is null)
            return ByUnit(panel, "The metric is measured per team, so each team is one cluster.");
        if (choice == ClusterChoice.Employee)
            return ByUnit(panel, "Clustered by employee, as asked (--cluster employee).");
        if (choice == ClusterChoice.Team) return ByTeam(panel, "Clustered by team, as asked (--cluster team).");
        var design = TeamDesign.Measure(probe);
        if (design.Teams < 2) return ByUnit(panel, "Fewer than two teams with data: each employee is a cluster.");
        var words = $"intraclass correlation of completion {design.Completion:0.00}, of the change in the metric " +
                    $"{design.Change:0.00}, design effect {design.DesignEffect:0.0}";
        if (design.Completion >= AssignedByTeam)
            return ByTeam(panel, $"Completion is decided by team ({words}), so inference clusters by team.");
        if (design.DesignEffect > MaxDesignEffect)
            return ByTeam(panel, $"Teammates' changes move together and completion runs partly in teams ({words}), " +
                                 "so inference clusters by team.");
        return ByUnit(panel, $"Completion is an individual matter ({words}), so each employee is a cluster.");
    }

    /// <summary>Completion this concentrated in teams means teams, not people, were assigned.</summary>
    const double AssignedByTeam = 0.5;

    /// <summary>A variance understated by more than this factor (standard errors by about 10%) is too sure.</summary>
    const double MaxDesignEffect = 1.2;
}
