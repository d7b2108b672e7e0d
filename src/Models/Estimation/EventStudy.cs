using System.Buffers;

namespace Impact.Models.Estimation;

/// <summary>
/// The effect in each period relative to the first post period, measured against each cohort's
/// reference period — the last baseline period, R did's universal base — and doubly robust like the
/// headline: the propensity odds weight the comparison rows, and a least-squares outcome model of each
/// period's change is subtracted. Each point uses the comparison rows still untreated through the
/// periods it compares (not-yet-treated, as in R did).
/// </summary>
public static class EventStudy
{
    /// <param name="weight">Comparison weights (propensity odds; 1 for the plain probe).</param>
    /// <param name="outcomeModel">Fit the per-period outcome model (needs features; the probe has none).</param>
    public static List<(int Relative, AttEstimate Att)> Estimate(Stack stack, Func<int, double> weight,
        Func<int, bool> include, EstimateOptions options, bool outcomeModel = true)
    {
        var points = new List<(int, AttEstimate)>();
        if (stack.Cohorts.Count == 0) return points;
        var from = stack.Cohorts.Min(c => c.PreStart - c.Index);
        var to = stack.Cohorts.Max(c => c.PostEnd - c.Index);
        // Scratch rented once for every period: big stacks would otherwise leave large-object garbage.
        var v = ArrayPool<double>.Shared.Rent(stack.Rows);
        var r = ArrayPool<double>.Shared.Rent(stack.Rows);
        try
        {
            for (var k = from; k < to; k++)
            {
                var rel = k;
                // The reference period itself is zero by construction in every cohort: nothing to estimate.
                if (stack.Cohorts.All(c => c.Reference - c.Index == rel)) continue;
                bool Use(int i) => include(i) && stack.ComparableAt(i, rel);
                var model = outcomeModel && stack.FeatureCount > 0;
                Residuals(stack, i => stack.Relative(i, rel), Use, options, model, v, r);
                var att = Att.Estimate(stack, i => r[i], weight, Use);
                if (att.Treated > 0 && !double.IsNaN(att.StdError)) points.Add((k, att));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(v);
            ArrayPool<double>.Shared.Return(r);
        }
        return points;
    }

    /// <summary>
    /// The value minus the comparison rows' cohort mean and, with a model, minus a least-squares fit of it,
    /// cross-fitted by the same cluster folds as the headline: fitted in-sample, team dummies would soak up
    /// the comparison teams' own shared months and make every point look surer than it is.
    /// </summary>
    static void Residuals(Stack stack, Func<int, double> value, Func<int, bool> use, EstimateOptions options,
        bool model, double[] v, double[] r)
    {
        var sum = new double[stack.Cohorts.Count];
        var n = new double[stack.Cohorts.Count];
        for (var i = 0; i < stack.Rows; i++)
        {
            v[i] = use(i) ? value(i) : double.NaN;
            if (double.IsNaN(v[i]) || stack.Treated[i]) continue;
            sum[stack.CohortOf[i]] += v[i];
            n[stack.CohortOf[i]]++;
        }
        for (var i = 0; i < stack.Rows; i++)
        {
            var c = stack.CohortOf[i];
            r[i] = double.IsNaN(v[i]) ? double.NaN : v[i] - (n[c] > 0 ? sum[c] / n[c] : 0);
        }
        if (!model) return;
        var folds = Math.Max(2, options.Folds);
        var fold = Nuisance.Folds(stack, options.Seed, folds);
        var fits = new LinearOutcome[folds];
        for (var k = 0; k < folds; k++)
        {
            var train = new List<int>();
            for (var i = 0; i < stack.Rows; i++)
                if (fold[i] != k && !stack.Treated[i] && !double.IsNaN(r[i])) train.Add(i);
            var sample = Sample(train, options.MaxNuisanceRows / folds, options.Seed + k);
            fits[k] = LinearOutcome.Fit(stack, i => r[i], sample);
        }
        for (var i = 0; i < stack.Rows; i++)
            if (!double.IsNaN(r[i])) v[i] = fits[fold[i]].Predict(stack, i);
        for (var i = 0; i < stack.Rows; i++)
            if (!double.IsNaN(r[i])) r[i] -= v[i];
    }

    static List<int> Sample(List<int> rows, int cap, int seed)
    {
        if (rows.Count <= cap) return rows;
        var random = new Random(seed + 3);
        for (var i = 0; i < cap; i++)
        {
            var j = random.Next(i, rows.Count);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
        return rows.GetRange(0, cap);
    }

    /// <summary>
    /// Relative periods before this are before the reference period of every cohort: the pre-trend test's
    /// periods. (Cohorts whose completion fell on a period's first day have one more clean period than the
    /// rest; that one is left out so a contaminated period never passes for baseline.)
    /// </summary>
    public static int PreTestEnd(Stack stack) => stack.Cohorts.Min(c => c.Reference - c.Index);

    /// <summary>Joint test that every baseline period before the reference matches the comparison group.</summary>
    public static double? PretrendP(List<(int Relative, AttEstimate Att)> points, Stack stack)
    {
        var end = PreTestEnd(stack);
        var pre = points.Where(p => p.Relative < end).Select(p => p.Att).ToList();
        return Inference.JointP(pre);
    }

    /// <summary>
    /// The largest pre-period deviation from the comparison group, in the metric's units (0: none tested).
    /// </summary>
    public static double LargestPreDeviation(List<(int Relative, AttEstimate Att)> points, Stack stack)
    {
        var end = PreTestEnd(stack);
        return points.Where(p => p.Relative < end).Select(p => Math.Abs(p.Att.Value)).DefaultIfEmpty(0).Max();
    }
}
