using System.Buffers;

namespace Impact.Models.Estimation;

/// <summary>
/// An ATT with its influence function summed per cluster, so standard errors and joint tests follow;
/// intervals and p-values use t with G − 1 degrees of freedom (G clusters with data).
/// </summary>
public sealed record AttEstimate(
    double Value, double StdError, double[] ClusterInfluence, int Treated, int Controls, int Clusters)
{
    public double CiLow => Value - Inference.Critical(Clusters) * StdError;
    public double CiHigh => Value + Inference.Critical(Clusters) * StdError;
    public double PValue => StdError > 0 ? Inference.PValue(Value / StdError, Clusters) : double.NaN;
}

/// <summary>
/// The one weighted difference every estimator here reduces to. Per cohort c:
/// τ_c = mean over treated of r − Σ_controls w·r / Σ_controls w; overall τ = Σ_c s_c τ_c with
/// s_c ∝ n1_c × cohortWeight(c). Plain DiD is r = ΔY, w = 1; IPW-DiD uses w = p/(1−p); DR-DiD
/// (Sant'Anna &amp; Zhao 2020) uses r = ΔY − m(X) with those weights (normalised within cohort: Hajek).
/// The influence function includes the cohort-weight term of Callaway &amp; Sant'Anna's aggregation and
/// is summed by cluster, because a comparison unit serves several cohorts and teammates share shocks.
/// </summary>
public static class Att
{
    public static AttEstimate Estimate(Stack stack, Func<int, double> outcome, Func<int, double> controlWeight,
        Func<int, bool>? include = null, Func<int, bool>? isTreated = null, Func<int, double>? cohortWeight = null)
    {
        // Scratch per row, rented: the estimators call this dozens of times per pair on big stacks, and
        // fresh arrays each time would be large-object garbage that only a full collection frees.
        var r = ArrayPool<double>.Shared.Rent(stack.Rows);
        var w = ArrayPool<double>.Shared.Rent(stack.Rows);
        var d = ArrayPool<bool>.Shared.Rent(stack.Rows);
        try
        {
            var sums = CohortSums.Of(stack, outcome, controlWeight, include, isTreated, r, w, d);
            return Aggregate(stack, sums, cohortWeight, r, w, d);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(r);
            ArrayPool<double>.Shared.Return(w);
            ArrayPool<bool>.Shared.Return(d);
        }
    }

    static AttEstimate Aggregate(Stack stack, CohortSums s, Func<int, double>? cohortWeight, double[] r, double[] w,
        bool[] d)
    {
        var k = stack.Cohorts.Count;
        var share = new double[k];
        double total = 0, value = 0, treated = 0;
        for (var c = 0; c < k; c++)
        {
            if (!s.Usable(c)) continue;
            share[c] = s.N1[c] * (cohortWeight?.Invoke(c) ?? 1);
            total += share[c];
            treated += s.N1[c];
        }
        var influence = new double[stack.Clustering.Count];
        if (total == 0) return new AttEstimate(double.NaN, double.NaN, influence, 0, 0, 0);
        for (var c = 0; c < k; c++) share[c] /= total;
        for (var c = 0; c < k; c++) if (s.Usable(c)) value += share[c] * s.Tau[c];

        // Distinct comparison units: a unit serves several cohorts, so rows overcount them.
        var isControl = ArrayPool<bool>.Shared.Rent(stack.Panel.UnitIds.Length);
        Array.Clear(isControl, 0, stack.Panel.UnitIds.Length);
        var controls = 0;
        for (var i = 0; i < stack.Rows; i++)
        {
            if (double.IsNaN(r[i])) continue;
            var c = stack.CohortOf[i];
            if (!s.Usable(c)) continue;
            double a;
            // The cohort-weight term: a treated row also moves its cohort's share of the aggregate.
            if (d[i]) a = share[c] * (r[i] - s.Sum1[c] / s.N1[c]) / s.N1[c] + share[c] / s.N1[c] * (s.Tau[c] - value);
            else
            {
                a = -share[c] * w[i] * (r[i] - s.Mu0[c]) / s.SumW[c];
                if (!isControl[stack.Unit[i]]) { isControl[stack.Unit[i]] = true; controls++; }
            }
            influence[stack.ClusterOfRow(i)] += a;
        }
        ArrayPool<bool>.Shared.Return(isControl);
        if (Inference.ClusteredSe(influence).Clusters is > 1 and <= ClusterJackknife.MaxClusters)
            influence = ClusterJackknife.PseudoInfluence(stack, s, cohortWeight, r, w, d);
        var (se, clusters) = Inference.ClusteredSe(influence);
        return new AttEstimate(value, se, influence, (int)treated, controls, clusters);
    }
}
