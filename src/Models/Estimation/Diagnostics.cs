namespace Impact.Models.Estimation;

/// <summary>The lagged-outcome contrast and the sensitivity to unmeasured confounding.</summary>
public static class Diagnostics
{
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
    public static (double Rv, string Sentence) Sensitivity(Stack stack, double estimate, double se, int distinctUnits)
    {
        // Degrees of freedom count people (or teams), not stack rows: a comparison person in five cohorts is
        // one observation. Counting rows would shrink the partial effect size t/√df and understate robustness.
        var df = Math.Max(1, distinctUnits - stack.FeatureCount - 2);
        var rv = RobustnessValue(estimate / se, df);
        var (name, r2) = StrongestFeature(stack);
        var share = Verdicts.Percent(rv, 1);
        if (r2 <= 1e-6)
            return (rv, $"An unmeasured factor would need to explain {share} of the remaining variation in both " +
                        "completion and the change in the metric to erase this estimate.");
        var times = rv / r2;
        return (rv, $"An unmeasured factor would need to explain {share} of the remaining variation in both " +
                    $"completion and the change in the metric to erase this estimate: {times:0.#} times as much as " +
                    $"the strongest measured factor ({Describe(name)}) explains of completion.");
    }

    /// <summary>
    /// Cinelli &amp; Hazlett's robustness value for a t statistic on <paramref name="df"/> residual degrees of
    /// freedom: with q = 1 and α = 1 the share that brings the estimate to zero, with α = 0.05 the share that
    /// makes it lose significance at 5% (sensemakr's robustness_value, including its unbounded case).
    /// </summary>
    public static double RobustnessValue(double t, int df, double alpha = 1)
    {
        var fq = Math.Abs(t) / Math.Sqrt(df);
        var critical = alpha >= 1 ? 0
            : Math.Abs(MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, df - 1, alpha / 2)) / Math.Sqrt(df - 1);
        var fqa = fq - critical;
        if (fqa < 0) return 0;
        if (critical > 0 && fq > 1 / critical) return (fq * fq - critical * critical) / (1 + fq * fq);
        return 0.5 * (Math.Sqrt(Math.Pow(fqa, 4) + 4 * fqa * fqa) - fqa * fqa);
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
