using Impact.Models.Panels;

namespace Impact.Models.Estimation;

/// <summary>
/// Builds the stacked cohorts of one pair. Timing rules (the metric's own periods):
/// the first post period is the first period that starts on or after the completion date; the period
/// that contains the completion date (when it is not that one) is contaminated — partly before, partly
/// after — and is left out of both windows; <c>anticipation</c> more periods before it are left out of
/// the baseline too (an Ashenfelter dip). Comparison units for a cohort are those not treated before the
/// end of the cohort's post window: never treated, or treated later.
/// </summary>
public static class StackBuilder
{
    /// <param name="placebo">Move every treated unit's post window back to just before its baseline's end:
    /// the "effect" found there can only be a difference in trends.</param>
    /// <param name="features">Build the covariates the nuisance models learn from; the dip probe and the
    /// placebo only compare means, and on a big organisation the features are most of a stack's memory.</param>
    public static Stack Build(Panel panel, string interventionId, int pre, int post, int anticipation, EstimateOptions options,
        bool placebo = false, bool features = true)
    {
        var periods = panel.Periods;
        var dates = panel.TreatedOn[interventionId];
        var cohorts = new Dictionary<(int, int, int, int, int), Cohort>();
        var treatedRows = new List<(int Unit, Cohort Cohort)>();
        bool preClamped = false, postClamped = false;
        int outside = 0;
        for (var u = 0; u < panel.UnitIds.Length; u++)
        {
            if (dates[u] is not { } done) continue;
            var e = periods.FirstOnOrAfter(done);
            var contaminated = e > 0 && periods.Contains(e - 1, done) ? 1 : 0;
            var preEnd = e - contaminated - anticipation;
            var postStart = e;
            var postEnd = Math.Min(e + post, periods.Count);
            // A later-treated comparison unit must not have started its own dip (anticipation) or
            // contaminated period inside this cohort's post window.
            var cutoff = postEnd > postStart ? periods.EndOf(Math.Min(postEnd - 1 + anticipation, periods.Count - 1)) : done;
            if (placebo)
            {
                postEnd = preEnd;
                postStart = Math.Max(0, preEnd - post);
                preEnd = postStart;
            }
            var preStart = Math.Max(0, preEnd - pre);
            if (e >= periods.Count || preEnd <= 0 || postEnd <= postStart || preEnd <= preStart) { outside++; continue; }
            preClamped |= preEnd - preStart < pre;
            postClamped |= postEnd - postStart < post;
            var key = (e, preStart, preEnd, postStart, postEnd);
            if (!cohorts.TryGetValue(key, out var cohort))
                cohorts[key] = cohort = new Cohort(e, preStart, preEnd, postStart, postEnd, cutoff);
            treatedRows.Add((u, cohort));
        }

        var ordered = cohorts.Values.OrderBy(c => c.Index).ThenBy(c => c.PreEnd).ToList();
        var rows = new Rows(panel, interventionId, features);
        var withoutData = 0;
        var random = new Random(options.Seed);
        var controlsSeen = new HashSet<int>();
        for (var c = 0; c < ordered.Count; c++)
        {
            var cohort = ordered[c];
            foreach (var (u, _) in treatedRows.Where(t => t.Cohort == cohort))
                if (rows.TryAdd(u, c, cohort, true)) cohort.Treated++; else withoutData++;
            if (cohort.Treated == 0) continue;
            var pool = new List<int>();
            for (var u = 0; u < panel.UnitIds.Length; u++)
                if (dates[u] is not { } d || d >= cohort.ControlCutoff) pool.Add(u);
            var cap = options.MaxControlsPerTreated * cohort.Treated;
            if (pool.Count > cap)
            {
                for (var i = 0; i < cap; i++)
                {
                    var j = random.Next(i, pool.Count);
                    (pool[i], pool[j]) = (pool[j], pool[i]);
                }
                pool.RemoveRange(cap, pool.Count - cap);
                pool.Sort();
            }
            foreach (var u in pool)
                if (rows.TryAdd(u, c, cohort, false)) { cohort.Controls++; controlsSeen.Add(u); }
        }
        var keep = ordered.Where(c => c.Treated > 0).ToList();
        return rows.ToStack(ordered, keep, controlsSeen.Count, preClamped, postClamped, withoutData, outside);
    }

    /// <summary>Accumulates rows and their features: the panel's static features, the metric's level before
    /// the baseline window (history, not the baseline's own noisy lags), other interventions finished before
    /// the index period, and the cohort's place in time.</summary>
    sealed class Rows(Panel panel, string interventionId, bool withFeatures)
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

        public Stack ToStack(List<Cohort> all, List<Cohort> keep, int distinctControls, bool preClamped, bool postClamped, int withoutData, int outside)
        {
            var renumber = all.Select(c => keep.IndexOf(c)).ToArray();
            var hasHistory = history.Any(h => !double.IsNaN(h));
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
                DistinctControls = distinctControls, PreClamped = preClamped, PostClamped = postClamped,
                TreatedWithoutData = withoutData, TreatedOutsidePanel = outside,
            };
        }
    }
}
