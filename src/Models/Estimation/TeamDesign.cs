namespace Impact.Models.Estimation;

/// <summary>
/// How far a pair's completion and its comparison people's changes run in teams, measured on a stack:
/// one-way ANOVA intraclass correlations within (cohort, team) groups, each value first centred on its
/// cohort's mean so that cohorts of different sizes do not pass for teams. Moulton (1990; Angrist &amp;
/// Pischke §8.2): ignoring the groups understates the variance by the factor
/// 1 + (V(n)/n̄ + n̄ − 1) ρ_completion ρ_change.
/// </summary>
public sealed record TeamDesign(int Teams, double Completion, double Change, double DesignEffect)
{
    public static TeamDesign Measure(Stack stack)
    {
        var teams = stack.Panel.Teams!;
        var groupOf = new int[stack.Rows];
        var index = new Dictionary<(int, string), int>();
        var distinctTeams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < stack.Rows; i++)
        {
            var team = teams[stack.Unit[i]];
            if (team is null) { groupOf[i] = -1; continue; }
            distinctTeams.Add(team);
            var key = (stack.CohortOf[i], team);
            if (!index.TryGetValue(key, out var g)) index[key] = g = index.Count;
            groupOf[i] = g;
        }
        var completion = Centred(stack, i => stack.Treated[i] ? 1 : 0, stack.InHeadline);
        var change = Centred(stack, stack.Delta, i => !stack.Treated[i] && stack.InHeadline(i));
        var rhoD = Icc(completion, groupOf, index.Count);
        var rhoE = Icc(change, groupOf, index.Count);
        var sizes = new double[index.Count];
        foreach (var g in groupOf) if (g >= 0) sizes[g]++;
        var mean = sizes.Length == 0 ? 0 : sizes.Average();
        var variance = sizes.Length == 0 ? 0 : sizes.Average(n => (n - mean) * (n - mean));
        var effect = mean > 0 ? 1 + (variance / mean + mean - 1) * rhoD * rhoE : 1;
        return new TeamDesign(distinctTeams.Count, rhoD, rhoE, effect);
    }

    /// <summary>Each row's value minus its cohort's mean; NaN where the value is absent or the row not used.</summary>
    static double[] Centred(Stack stack, Func<int, double> value, Func<int, bool> use)
    {
        var sum = new double[stack.Cohorts.Count];
        var n = new double[stack.Cohorts.Count];
        var x = new double[stack.Rows];
        for (var i = 0; i < stack.Rows; i++)
        {
            x[i] = use(i) ? value(i) : double.NaN;
            if (double.IsNaN(x[i])) continue;
            sum[stack.CohortOf[i]] += x[i];
            n[stack.CohortOf[i]]++;
        }
        for (var i = 0; i < stack.Rows; i++)
            if (!double.IsNaN(x[i])) x[i] -= sum[stack.CohortOf[i]] / n[stack.CohortOf[i]];
        return x;
    }

    /// <summary>
    /// ANOVA estimator of the intraclass correlation, clamped to [0, 1]; 0 when it cannot be estimated.
    /// </summary>
    internal static double Icc(double[] x, int[] groupOf, int groups)
    {
        var sum = new double[groups];
        var n = new double[groups];
        for (var i = 0; i < x.Length; i++)
        {
            if (groupOf[i] < 0 || double.IsNaN(x[i])) continue;
            sum[groupOf[i]] += x[i];
            n[groupOf[i]]++;
        }
        var total = n.Sum();
        var used = n.Count(c => c > 0);
        if (used < 2 || total <= used) return 0;
        var grand = sum.Sum() / total;
        double between = 0, within = 0;
        for (var g = 0; g < groups; g++) if (n[g] > 0) between += n[g] * Math.Pow(sum[g] / n[g] - grand, 2);
        for (var i = 0; i < x.Length; i++)
            if (groupOf[i] >= 0 && !double.IsNaN(x[i])) within += Math.Pow(x[i] - sum[groupOf[i]] / n[groupOf[i]], 2);
        var msb = between / (used - 1);
        var msw = within / (total - used);
        var n0 = (total - n.Sum(c => c * c) / total) / (used - 1);
        var denominator = msb + (n0 - 1) * msw;
        if (denominator <= 0) return msb > 0 ? 1 : 0;
        return Math.Clamp((msb - msw) / denominator, 0, 1);
    }
}
