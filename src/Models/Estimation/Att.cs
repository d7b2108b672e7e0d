using System.Buffers;

namespace Impact.Models.Estimation;

/// <summary>An ATT with its influence function summed per unit (the cluster), so SEs and joint tests follow.</summary>
public sealed record AttEstimate(double Value, double StdError, double[] UnitInfluence, int Treated, int Controls)
{
    public double CiLow => Value - 1.959964 * StdError;
    public double CiHigh => Value + 1.959964 * StdError;
    public double PValue => StdError > 0 ? 2 * (1 - Normal.Cdf(Math.Abs(Value / StdError))) : double.NaN;
}

/// <summary>
/// The one weighted difference every estimator here reduces to. Per cohort c:
/// τ_c = mean over treated of r − Σ_controls w·r / Σ_controls w; overall τ = Σ_c (n1_c / n1) τ_c.
/// Plain DiD is r = ΔY, w = 1; IPW-DiD uses w = p/(1−p); DR-DiD (Sant'Anna &amp; Zhao 2020) uses
/// r = ΔY − m(X) with those weights (normalised within cohort: Hajek). The influence function
/// includes the cohort-weight term of Callaway &amp; Sant'Anna's aggregation and is summed by unit,
/// because a comparison unit serves several cohorts.
/// </summary>
public static class Att
{
    public static AttEstimate Estimate(Stack stack, Func<int, double> outcome, Func<int, double> controlWeight, Func<int, bool>? include = null,
        Func<int, bool>? isTreated = null)
    {
        // Scratch per row, rented: the estimators call this dozens of times per pair on big stacks, and
        // fresh arrays each time would be large-object garbage that only a full collection frees.
        var r = ArrayPool<double>.Shared.Rent(stack.Rows);
        var w = ArrayPool<double>.Shared.Rent(stack.Rows);
        var d = ArrayPool<bool>.Shared.Rent(stack.Rows);
        try
        {
            return Estimate(stack, outcome, controlWeight, include, isTreated, r, w, d);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(r);
            ArrayPool<double>.Shared.Return(w);
            ArrayPool<bool>.Shared.Return(d);
        }
    }

    static AttEstimate Estimate(Stack stack, Func<int, double> outcome, Func<int, double> controlWeight, Func<int, bool>? include,
        Func<int, bool>? isTreated, double[] r, double[] w, bool[] d)
    {
        var k = stack.Cohorts.Count;
        var n1 = new double[k];
        var sum1 = new double[k];
        var sumW = new double[k];
        var sumWr = new double[k];
        for (var i = 0; i < stack.Rows; i++)
        {
            d[i] = isTreated is null ? stack.Treated[i] : isTreated(i);
            r[i] = outcome(i);
            w[i] = 0;
            if (double.IsNaN(r[i]) || (include is not null && !include(i))) { r[i] = double.NaN; continue; }
            var c = stack.CohortOf[i];
            if (d[i]) { n1[c]++; sum1[c] += r[i]; }
            else
            {
                w[i] = controlWeight(i);
                sumW[c] += w[i];
                sumWr[c] += w[i] * r[i];
            }
        }
        double total = 0, value = 0;
        var tau = new double[k];
        var mu0 = new double[k];
        var usable = new bool[k];
        for (var c = 0; c < k; c++)
        {
            usable[c] = n1[c] > 0 && sumW[c] > 0;
            if (!usable[c]) continue;
            mu0[c] = sumWr[c] / sumW[c];
            tau[c] = sum1[c] / n1[c] - mu0[c];
            total += n1[c];
        }
        var influence = new double[stack.Panel.UnitIds.Length];
        if (total == 0) return new AttEstimate(double.NaN, double.NaN, influence, 0, 0);
        for (var c = 0; c < k; c++) if (usable[c]) value += n1[c] / total * tau[c];

        // Distinct comparison units: a unit serves several cohorts, so rows overcount them.
        var isControl = ArrayPool<bool>.Shared.Rent(influence.Length);
        Array.Clear(isControl, 0, influence.Length);
        var controls = 0;
        for (var i = 0; i < stack.Rows; i++)
        {
            if (double.IsNaN(r[i])) continue;
            var c = stack.CohortOf[i];
            if (!usable[c]) continue;
            var share = n1[c] / total;
            double a;
            if (d[i]) a = share * (r[i] - sum1[c] / n1[c]) / n1[c] + (tau[c] - value) / total;
            else
            {
                a = -share * w[i] * (r[i] - mu0[c]) / sumW[c];
                if (!isControl[stack.Unit[i]]) { isControl[stack.Unit[i]] = true; controls++; }
            }
            influence[stack.Unit[i]] += a;
        }
        ArrayPool<bool>.Shared.Return(isControl);
        return new AttEstimate(value, ClusteredSe(influence), influence, (int)total, controls);
    }

    /// <summary>SE from per-cluster influence sums, with the G/(G−1) small-sample factor.</summary>
    public static double ClusteredSe(double[] influence)
    {
        double ss = 0;
        var g = 0;
        foreach (var a in influence)
        {
            if (a == 0) continue;
            ss += a * a;
            g++;
        }
        return g > 1 ? Math.Sqrt(ss * g / (g - 1)) : double.NaN;
    }
}

public static class Normal
{
    public static double Cdf(double z) => MathNet.Numerics.Distributions.Normal.CDF(0, 1, z);
}
