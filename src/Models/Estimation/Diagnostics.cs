using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using Impact.Models.Outcomes;

namespace Impact.Models.Estimation;

/// <summary>Event study, pre-trend test, Ashenfelter-dip detection, the lagged-outcome contrast and sensitivity.</summary>
public static class Diagnostics
{
    /// <summary>
    /// The effect in each period relative to the first post period (−1 is the period just before),
    /// each measured against the unit's baseline mean, across all periods of the cohorts' windows.
    /// </summary>
    public static List<(int Relative, AttEstimate Att)> EventStudy(Stack stack, Func<int, double> weight, Func<int, bool>? include = null)
    {
        var from = stack.Cohorts.Min(c => c.PreStart - c.Index);
        var to = stack.Cohorts.Max(c => c.PostEnd - c.Index);
        var points = new List<(int, AttEstimate)>();
        for (var k = from; k < to; k++)
        {
            var rel = k;
            var att = Att.Estimate(stack, i => stack.Relative(i, rel), weight, include);
            if (att.Treated > 0 && !double.IsNaN(att.StdError)) points.Add((k, att));
        }
        return points;
    }

    /// <summary>
    /// Joint Wald test that the baseline-window periods' effects are all zero, with their covariance from
    /// the unit influence functions. They are measured against their own mean, so the last one is
    /// (nearly) determined by the others and is left out rather than inverting a singular matrix.
    /// </summary>
    public static double? PretrendP(List<(int Relative, AttEstimate Att)> points, Stack stack)
    {
        var maxPre = BaselineEnd(stack);
        var pre = points.Where(p => p.Relative < maxPre).OrderBy(p => p.Relative).Select(p => p.Att).ToList();
        if (pre.Count < 2) return null;
        pre.RemoveAt(pre.Count - 1);
        var n = pre.Count;
        var b = Vector<double>.Build.Dense(pre.Select(p => p.Value).ToArray());
        var cov = Matrix<double>.Build.Dense(n, n);
        var units = pre[0].UnitInfluence.Length;
        for (var u = 0; u < units; u++)
            for (var i = 0; i < n; i++)
            {
                var a = pre[i].UnitInfluence[u];
                if (a == 0) continue;
                for (var j = 0; j < n; j++) cov[i, j] += a * pre[j].UnitInfluence[u];
            }
        try
        {
            var wald = b * cov.Cholesky().Solve(b);
            return double.IsFinite(wald) ? 1 - ChiSquared.CDF(n, Math.Max(0, wald)) : null;
        }
        catch (ArgumentException) { return null; } // not positive definite: too little data to test

    }

    /// <summary>
    /// Relative periods before this are in every cohort's baseline. Cohorts whose completion fell on a
    /// period's first day have one more clean period than the rest; that one is left out so contaminated
    /// periods of the others never pass for baseline.
    /// </summary>
    static int BaselineEnd(Stack stack) => stack.Cohorts.Min(c => c.PreEnd - c.Index);

    /// <summary>
    /// Ashenfelter dip: how many of the last baseline periods are significantly worse (z beyond 2.58,
    /// direction-aware) than the earlier baseline periods. People sent to training after a bad spell
    /// recover on their own; a baseline that includes the spell would credit that recovery to the training.
    /// Needs at least two earlier periods to compare with; looks at most three periods back.
    /// </summary>
    public static int DetectDip(List<(int Relative, AttEstimate Att)> points, Stack stack, PerformanceMetric metric)
    {
        var maxPre = BaselineEnd(stack);
        var pre = points.Where(p => p.Relative < maxPre).OrderBy(p => p.Relative).Select(p => p.Att).ToList();
        var depth = Math.Min(3, pre.Count - 2);
        if (depth < 1) return 0;
        var earlier = pre.Take(pre.Count - depth).ToList();
        var dip = 0;
        for (var d = 1; d <= depth; d++)
        {
            var period = pre[pre.Count - d];
            var influence = new double[period.UnitInfluence.Length];
            for (var u = 0; u < influence.Length; u++)
                influence[u] = period.UnitInfluence[u] - earlier.Average(e => e.UnitInfluence[u]);
            var contrast = period.Value - earlier.Average(e => e.Value);
            var se = Att.ClusteredSe(influence);
            if (se > 0 && metric.Sign * contrast / se < -2.58) dip = d; else break;
        }
        return dip;
    }

    /// <summary>
    /// Lagged-outcome regression: post-window mean on treatment, baseline mean and cohort dummies (OLS).
    /// Shown beside DiD because the two bracket the truth (Angrist &amp; Pischke §5.4): it is biased when
    /// people select on a permanent level, DiD when they select on a transitory dip. Solved by
    /// Frisch–Waugh–Lovell: demeaning within cohort removes the dummies and leaves a 2×2 system, so a
    /// stack of hundreds of thousands of rows needs no dense design matrix.
    /// </summary>
    public static double? LaggedOutcome(Stack stack, Func<int, bool> include)
    {
        var k = stack.Cohorts.Count;
        var rows = Enumerable.Range(0, stack.Rows).Where(include).ToArray();
        if (rows.Length < k + 3) return null;
        var n = new double[k];
        var meanD = new double[k];
        var meanP = new double[k];
        var meanY = new double[k];
        foreach (var i in rows)
        {
            var c = stack.CohortOf[i];
            n[c]++;
            meanD[c] += stack.Treated[i] ? 1 : 0;
            meanP[c] += stack.PreMean[i];
            meanY[c] += stack.PostMean[i];
        }
        for (var c = 0; c < k; c++)
            if (n[c] > 0) { meanD[c] /= n[c]; meanP[c] /= n[c]; meanY[c] /= n[c]; }
        double sDD = 0, sPP = 0, sDP = 0, sDY = 0, sPY = 0;
        foreach (var i in rows)
        {
            var c = stack.CohortOf[i];
            var d = (stack.Treated[i] ? 1 : 0) - meanD[c];
            var p = stack.PreMean[i] - meanP[c];
            var y = stack.PostMean[i] - meanY[c];
            sDD += d * d; sPP += p * p; sDP += d * p; sDY += d * y; sPY += p * y;
        }
        var det = sDD * sPP - sDP * sDP;
        // Treatment or baseline constant within every cohort (or collinear): the coefficient is not identified.
        if (!(det > 1e-12 * sDD * sPP) || sDD <= 0 || sPP <= 0) return null;
        var beta = (sPP * sDY - sDP * sPY) / det;
        return double.IsFinite(beta) ? beta : null;
    }

    /// <summary>
    /// Cinelli &amp; Hazlett's robustness value from the estimate's t statistic: the share of residual
    /// variance of both treatment and outcome an unmeasured confounder must explain to bring the
    /// estimate to zero. Benchmarked against the strongest measured feature's R² with treatment.
    /// </summary>
    public static (double Rv, string Sentence) Sensitivity(Stack stack, double estimate, double se)
    {
        var df = Math.Max(1, stack.Rows - stack.FeatureCount - 2);
        var f = Math.Abs(estimate / se) / Math.Sqrt(df);
        var rv = 0.5 * (Math.Sqrt(Math.Pow(f, 4) + 4 * f * f) - f * f);
        var (name, r2) = StrongestFeature(stack);
        var share = Verdicts.Percent(rv, 1);
        if (r2 <= 1e-6)
            return (rv, $"An unmeasured factor would need to explain {share} of the remaining variation in both completion and the change in the metric to erase this estimate.");
        var times = rv / r2;
        return (rv, $"An unmeasured factor would need to explain {share} of the remaining variation in both completion and the change in the metric " +
                    $"to erase this estimate: {times:0.#} times as much as the strongest measured factor ({Describe(name)}) explains of completion.");
    }

    static string Describe(string feature) => feature switch
    {
        "history_level" => "prior performance",
        "tenure_years" => "tenure",
        "other_interventions_before" => "other learning done before",
        "cohort_time" => "when they completed",
        _ => feature,
    };

    static (string Name, double R2) StrongestFeature(Stack stack)
    {
        var best = ("", 0.0);
        var n = stack.Rows;
        var dMean = stack.Treated.Count(t => t) / (double)n;
        for (var f = 0; f < stack.FeatureCount; f++)
        {
            if (stack.FeatureNames[f] == "cohort_time") continue;
            double mx = 0, sxx = 0, sxd = 0;
            for (var i = 0; i < n; i++) mx += stack.X[i * stack.FeatureCount + f];
            mx /= n;
            for (var i = 0; i < n; i++)
            {
                var dx = stack.X[i * stack.FeatureCount + f] - mx;
                sxx += dx * dx;
                sxd += dx * ((stack.Treated[i] ? 1 : 0) - dMean);
            }
            var sdd = n * dMean * (1 - dMean);
            var r2 = sxx > 0 && sdd > 0 ? sxd * sxd / (sxx * sdd) : 0;
            if (r2 > best.Item2) best = (stack.FeatureNames[f], r2);
        }
        return best;
    }
}
