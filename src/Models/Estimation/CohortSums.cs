namespace Impact.Models.Estimation;

/// <summary>
/// Per-cohort sums of one weighted difference: treated count and sum, comparison weights and weighted sum.
/// </summary>
sealed class CohortSums
{
    public required double[] N1 { get; init; }
    public required double[] Sum1 { get; init; }
    public required double[] SumW { get; init; }
    public required double[] SumWr { get; init; }
    public required double[] Mu0 { get; init; }
    public required double[] Tau { get; init; }

    public bool Usable(int cohort) => N1[cohort] > 0 && SumW[cohort] > 0;

    /// <summary>Fills r (NaN for rows left out), w and d per row, and sums them by cohort.</summary>
    public static CohortSums Of(Stack stack, Func<int, double> outcome, Func<int, double> controlWeight,
        Func<int, bool>? include, Func<int, bool>? isTreated, double[] r, double[] w, bool[] d)
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
        var mu0 = new double[k];
        var tau = new double[k];
        for (var c = 0; c < k; c++)
        {
            if (n1[c] == 0 || sumW[c] <= 0) continue;
            mu0[c] = sumWr[c] / sumW[c];
            tau[c] = sum1[c] / n1[c] - mu0[c];
        }
        return new CohortSums { N1 = n1, Sum1 = sum1, SumW = sumW, SumWr = sumWr, Mu0 = mu0, Tau = tau };
    }
}
