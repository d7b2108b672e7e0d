using System.Collections.Concurrent;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Impact.Models.Estimation;

/// <summary>
/// Small-sample inference from G clusters: t with G − 1 degrees of freedom for intervals and p-values
/// (Cameron &amp; Miller 2015, §VI), and for a joint test of q effects the Hotelling-style F with
/// (q, G − q) degrees of freedom. With thousands of clusters both are the usual normal and χ² answers;
/// with twenty teams they are the honest ones.
/// </summary>
public static class Inference
{
    static readonly ConcurrentDictionary<(int, double), double> Quantiles = new();

    /// <summary>The two-sided critical value at <paramref name="level"/> from G clusters (NaN below two).</summary>
    public static double Critical(int clusters, double level = 0.95) => clusters < 2 ? double.NaN
        : Quantiles.GetOrAdd((clusters - 1, level), k => StudentT.InvCDF(0, 1, k.Item1, 1 - (1 - k.Item2) / 2));

    /// <summary>Two-sided p-value of a t statistic from G clusters.</summary>
    public static double PValue(double t, int clusters) =>
        clusters < 2 || !double.IsFinite(t) ? double.NaN : 2 * (1 - StudentT.CDF(0, 1, clusters - 1, Math.Abs(t)));

    /// <summary>
    /// The smallest effect a two-sided 5% test detects with 80% power, given the standard error:
    /// (t_0.975 + t_0.80) × SE, about 2.8 standard errors with many clusters (Bloom 1995).
    /// </summary>
    public static double MinimumDetectable(double stdError, int clusters) => clusters < 2 ? double.NaN
        : (Critical(clusters) + Critical(clusters, level: 0.6)) * stdError; // two-sided 60% = one-sided 80%

    /// <summary>SE from per-cluster influence sums, with the G/(G−1) small-sample factor; and G.</summary>
    public static (double StdError, int Clusters) ClusteredSe(double[] influence)
    {
        double ss = 0;
        var g = 0;
        foreach (var a in influence)
        {
            if (a == 0) continue;
            ss += a * a;
            g++;
        }
        return (g > 1 ? Math.Sqrt(ss * g / (g - 1)) : double.NaN, g);
    }

    /// <summary>
    /// p-value that all the effects are zero, from their cluster influence sums: Wald statistic W with
    /// the CR1 covariance, then F = W (G − q) / (q (G − 1)) on (q, G − q) degrees of freedom. Null when
    /// there are too few clusters for q effects or the covariance is singular.
    /// </summary>
    public static double? JointP(IReadOnlyList<AttEstimate> effects)
    {
        var q = effects.Count;
        if (q == 0) return null;
        var clusters = effects[0].ClusterInfluence.Length;
        var active = Enumerable.Range(0, clusters).Where(g => effects.Any(e => e.ClusterInfluence[g] != 0)).ToArray();
        var used = active.Length;
        if (used <= q) return null;
        var cov = Matrix<double>.Build.Dense(q, q);
        foreach (var g in active)
            for (var i = 0; i < q; i++)
            {
                var a = effects[i].ClusterInfluence[g];
                if (a == 0) continue;
                for (var j = 0; j < q; j++) cov[i, j] += a * effects[j].ClusterInfluence[g];
            }
        cov = cov.Multiply(used / (used - 1.0));
        var b = Vector<double>.Build.Dense(effects.Select(e => e.Value).ToArray());
        try
        {
            var wald = b * cov.Cholesky().Solve(b);
            if (!double.IsFinite(wald)) return null;
            var f = Math.Max(0, wald) * (used - q) / (q * (used - 1.0));
            return 1 - FisherSnedecor.CDF(q, used - q, f);
        }
        catch (ArgumentException) { return null; } // not positive definite: too little data to test
    }
}
