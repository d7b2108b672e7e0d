using Impact.Models.Panels;

namespace Impact.Models.Estimation;

/// <summary>Accumulates a stack's rows and their features: the panel's static features, the metric's level before
/// the baseline window (history, not the baseline's own noisy lags), other interventions finished before
/// the index period, and the cohort's place in time.</summary>
sealed class StackRows(Panel panel, string interventionId, bool withFeatures, bool withHistory)
{
    readonly List<int> unit = [], cohortOf = [];
    readonly List<bool> treated = [];
    readonly List<double> preMean = [], postMean = [], history = [];
    readonly List<float> prior = [];

    public bool TryAdd(int u, int c, Cohort cohort, bool isTreated)
    {
        var pre = Mean(u, cohort.PreStart, cohort.PreEnd);
        var post = Mean(u, cohort.PostStart, cohort.PostEnd);
        if (double.IsNaN(pre) || double.IsNaN(post)) return false;
        unit.Add(u);
        cohortOf.Add(c);
        treated.Add(isTreated);
        preMean.Add(pre);
        postMean.Add(post);
        if (!withFeatures) return true;
        history.Add(Mean(u, 0, cohort.PreStart));
        var start = panel.Periods.Starts[cohort.Index];
        var count = 0;
        foreach (var (id, dates) in panel.TreatedOn)
            if (id != interventionId && dates[u] is { } d && d < start) count++;
        prior.Add(count);
        return true;
    }

    double Mean(int u, int from, int to)
    {
        double sum = 0;
        var n = 0;
        for (var t = from; t < to; t++)
        {
            var v = panel.Value(u, t);
            if (float.IsNaN(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }

    public Stack ToStack(List<Cohort> all, List<Cohort> keep, int[] cleanUntil)
    {
        var renumber = all.Select(c => keep.IndexOf(c)).ToArray();
        var hasHistory = withHistory && history.Any(h => !double.IsNaN(h));
        var historyMean = hasHistory ? history.Where(h => !double.IsNaN(h)).Average() : 0;
        var names = new List<string>();
        if (withFeatures)
        {
            names.AddRange(panel.FeatureNames);
            if (hasHistory) names.AddRange(["history_level", "history_missing"]);
            names.AddRange(["other_interventions_before", "cohort_time"]);
        }
        var f = names.Count;
        var x = new float[unit.Count * f];
        for (var r = 0; r < unit.Count && f > 0; r++)
        {
            var o = r * f;
            Array.Copy(panel.Features, unit[r] * panel.FeatureCount, x, o, panel.FeatureCount);
            var k = panel.FeatureCount;
            if (hasHistory)
            {
                x[o + k++] = (float)(double.IsNaN(history[r]) ? historyMean : history[r]);
                x[o + k++] = double.IsNaN(history[r]) ? 1 : 0;
            }
            x[o + k++] = prior[r];
            x[o + k] = all[cohortOf[r]].Index / (float)Math.Max(1, panel.Periods.Count);
        }
        return new Stack
        {
            Panel = panel, InterventionId = interventionId, Cohorts = keep, Unit = unit.ToArray(),
            CohortOf = cohortOf.Select(c => renumber[c]).ToArray(), Treated = treated.ToArray(),
            PreMean = preMean.ToArray(), PostMean = postMean.ToArray(), FeatureNames = names.ToArray(), X = x,
            CleanUntil = cleanUntil,
        };
    }
}
