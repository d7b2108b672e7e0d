namespace Impact.Models.Estimation;

/// <summary>
/// The headline doubly robust DiD and the estimators beside it, all on the same people: the headline's
/// rows, with comparison people whose propensity says they resemble no completer given no weight.
/// </summary>
public sealed record HeadlineFit(
    NuisancePredictions Nuisance, AttEstimate Dr, AttEstimate Ipw, AttEstimate OutcomeRegression, AttEstimate Did,
    AttEstimate Naive, AttEstimate DrLinear, double? Lagged, double StdError, double CiLow, double CiHigh,
    double TrimmedComparisonShare, double CompletersOutsideSupport)
{
    public double[] Propensity => Nuisance.Propensity;

    /// <summary>Propensity odds: the weight of a comparison row.</summary>
    public double Weight(int row) => Propensity[row] / (1 - Propensity[row]);

    /// <summary>Rows that count: treated rows, and comparison rows within the trimming level.</summary>
    public static Func<int, bool> Kept(Stack stack, double[] propensity, EstimateOptions options) =>
        i => stack.Treated[i] || propensity[i] <= options.TrimAbove;

    public int Clusters => Dr.Clusters;

    public static HeadlineFit Of(Stack stack, EstimateOptions options, CancellationToken ct)
    {
        var nuisance = Estimation.Nuisance.Fit(stack, options, ct);
        var p = nuisance.Propensity;
        var m = nuisance.Outcome;
        var kept = Kept(stack, p, options);
        bool Used(int i) => stack.InHeadline(i) && kept(i);
        double W(int i) => p[i] / (1 - p[i]);
        // Each cohort counts by its completers' post-window periods, as R did's simple aggregation weighs
        // every post period of every cohort by the cohort's size.
        double PostPeriods(int c) => stack.Cohorts[c].PostEnd - stack.Cohorts[c].PostStart;
        AttEstimate Estimate(Func<int, double> r, Func<int, double> w) =>
            Att.Estimate(stack, r, w, Used, cohortWeight: PostPeriods);

        var dr = Estimate(i => stack.Delta(i) - m[i], W);
        var se = options.Bootstrap > 0 ? Bootstrap(dr.ClusterInfluence, options.Bootstrap, options.Seed) : dr.StdError;
        var critical = Inference.Critical(dr.Clusters);
        return new HeadlineFit(nuisance, dr,
            Ipw: Estimate(stack.Delta, W),
            OutcomeRegression: Estimate(i => stack.Delta(i) - m[i], _ => 1),
            Did: Estimate(stack.Delta, _ => 1),
            Naive: Att.Estimate(stack, i => stack.PostMean[i], _ => 1, stack.InHeadline, cohortWeight: PostPeriods),
            DrLinear: Estimate(i => stack.Delta(i) - nuisance.LinearOutcome[i], W),
            Lagged: Diagnostics.LaggedOutcome(stack, Used),
            StdError: se, CiLow: dr.Value - critical * se, CiHigh: dr.Value + critical * se,
            TrimmedComparisonShare: Share(stack, i => !stack.Treated[i] && stack.InHeadline(i), i => !kept(i)),
            CompletersOutsideSupport: Share(stack, i => stack.Treated[i], i => p[i] > options.TrimAbove));
    }

    static double Share(Stack stack, Func<int, bool> among, Func<int, bool> which)
    {
        double n = 0, k = 0;
        for (var i = 0; i < stack.Rows; i++)
        {
            if (!among(i)) continue;
            n++;
            if (which(i)) k++;
        }
        return n > 0 ? k / n : 0;
    }

    /// <summary>
    /// Multiplier bootstrap on the cluster influence functions (Rademacher weights), as R's did does.
    /// </summary>
    internal static double Bootstrap(double[] influence, int draws, int seed)
    {
        var random = new Random(seed + 2);
        var active = influence.Where(a => a != 0).ToArray();
        var values = new double[draws];
        for (var b = 0; b < draws; b++)
        {
            double sum = 0;
            foreach (var a in active) sum += random.Next(2) == 0 ? a : -a;
            values[b] = sum;
        }
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, draws - 1));
    }
}
