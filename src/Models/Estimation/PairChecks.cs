using Impact.Models.Panels;

namespace Impact.Models.Estimation;

/// <summary>
/// What is checked around a headline estimate: the event study and pre-trend test, the largest
/// pre-period deviation, the placebo, the effective size of the weighted comparison group, the
/// robustness value and the specification spread.
/// </summary>
public sealed record PairChecks(
    List<(int Relative, AttEstimate Att)> Events, double? PretrendP, double LargestPreDeviation, double? PlaceboP,
    double EffectiveControls, double Robustness, string Sensitivity, double SpecLow, double SpecHigh)
{
    public static PairChecks Of(Panel panel, Stack stack, HeadlineFit fit, int anticipation, EstimateOptions options,
        CancellationToken ct)
    {
        var kept = HeadlineFit.Kept(stack, fit.Propensity, options);
        var events = EventStudy.Estimate(stack, fit.Weight, kept, options);
        var distinctUnits = stack.TreatedCount + stack.DistinctControls;
        var (rv, sentence) = Diagnostics.Sensitivity(stack, fit.Dr.Value, fit.StdError, distinctUnits);
        double[] estimates =
        [
            fit.Dr.Value, fit.Did.Value, fit.Ipw.Value, fit.OutcomeRegression.Value, fit.DrLinear.Value,
            fit.Lagged ?? double.NaN,
        ];
        var specs = estimates.Where(double.IsFinite).ToArray();
        return new PairChecks(events, EventStudy.PretrendP(events, stack),
            EventStudy.LargestPreDeviation(events, stack),
            Placebo(panel, stack, anticipation, options, ct),
            KishControls(stack, fit.Weight, i => stack.InHeadline(i) && kept(i)), rv, sentence,
            specs.DefaultIfEmpty(double.NaN).Min(), specs.DefaultIfEmpty(double.NaN).Max());
    }

    /// <summary>
    /// Fake completion dates just before the real baseline ends, estimated as the headline is (doubly robust,
    /// cross-fitted nuisances of the same kind, same clusters): an "effect" there can only be a difference in
    /// trends the headline would also have absorbed. Two folds and half the row budget: a test needs a valid
    /// estimate, not the headline's last bit of precision, and on a big organisation the placebo would
    /// otherwise cost as much as the headline.
    /// </summary>
    static double? Placebo(Panel panel, Stack real, int anticipation, EstimateOptions options, CancellationToken ct)
    {
        var lighter = options with { Folds = 2, MaxStackRows = options.MaxStackRows / 2, Bootstrap = 0 };
        var stack = StackBuilder
            .Build(panel, real.InterventionId, options.Pre, options.Post, anticipation, lighter, placebo: true)
            .ClusteredBy(real.Clustering);
        if (stack.TreatedCount < options.MinTreated || stack.DistinctControls < options.MinControls) return null;
        var dr = HeadlineFit.Of(stack, lighter, ct).Dr;
        return double.IsFinite(dr.PValue) ? dr.PValue : null;
    }

    /// <summary>Kish's effective sample size of the comparison weights as they enter the aggregate, per unit.</summary>
    internal static double KishControls(Stack stack, Func<int, double> weight, Func<int, bool> used)
    {
        var sumW = new double[stack.Cohorts.Count];
        for (var i = 0; i < stack.Rows; i++) if (!stack.Treated[i] && used(i)) sumW[stack.CohortOf[i]] += weight(i);
        var perUnit = new Dictionary<int, double>();
        for (var i = 0; i < stack.Rows; i++)
        {
            if (stack.Treated[i] || !used(i)) continue;
            var c = stack.CohortOf[i];
            var a = stack.Cohorts[c].Treated * weight(i) / sumW[c];
            perUnit[stack.Unit[i]] = perUnit.GetValueOrDefault(stack.Unit[i]) + a;
        }
        var s = perUnit.Values.Sum();
        var s2 = perUnit.Values.Sum(a => a * a);
        return s2 > 0 ? s * s / s2 : 0;
    }
}
