namespace Impact.Models.Estimation;

/// <summary>
/// The headline estimate within subgroups (role, team, tenure band, each categorical attribute): groups
/// with enough completers and comparisons, at most <see cref="MaxGroupsPerAttribute"/> per attribute. Many
/// subgroups make chance differences look real, so each carries a Benjamini–Hochberg q-value across the table.
/// </summary>
public static class Heterogeneity
{
    const int MaxGroupsPerAttribute = 30;

    public static List<GroupEffect> Of(Stack stack, HeadlineFit fit, EstimateOptions options)
    {
        var kept = HeadlineFit.Kept(stack, fit.Propensity, options);
        var m = fit.Nuisance.Outcome;
        var effects = new List<GroupEffect>();
        foreach (var (group, labels) in stack.Panel.Groups)
        {
            // Labels as small integers per unit: every group's estimate filters all rows of the stack.
            var names = labels.OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
            var index = names.Select((name, c) => (name, c))
                .ToDictionary(p => p.name, p => p.c, StringComparer.Ordinal);
            var code = labels.Select(l => l is null ? -1 : index[l]).ToArray();
            var treated = new int[names.Length];
            var controls = new int[names.Length];
            for (var i = 0; i < stack.Rows; i++)
                if (stack.InHeadline(i) && code[stack.Unit[i]] is var c and >= 0)
                    if (stack.Treated[i]) treated[c]++; else controls[c]++;
            var candidates = Enumerable.Range(0, names.Length)
                .Where(c => treated[c] >= options.MinTreated && controls[c] >= options.MinControls).ToList();
            // Two groups make a comparison; hundreds (every team of a big organisation) make a list nobody reads.
            if (candidates.Count < 2 || candidates.Count > MaxGroupsPerAttribute) continue;
            foreach (var c in candidates)
            {
                var att = Att.Estimate(stack, i => stack.Delta(i) - m[i], fit.Weight,
                    i => stack.InHeadline(i) && kept(i) && code[stack.Unit[i]] == c);
                if (att.Treated >= options.MinTreated && double.IsFinite(att.StdError))
                    effects.Add(new GroupEffect(group, names[c], att.Value, att.CiLow, att.CiHigh, att.Treated)
                    {
                        PValue = double.IsFinite(att.PValue) ? att.PValue : null,
                    });
            }
        }
        var q = FalseDiscovery.QValues(effects.Select(e => e.PValue).ToList());
        return effects.Select((e, i) => e with { QValue = q[i] }).ToList();
    }
}
