namespace Impact.Models.Estimation;

/// <summary>
/// Least squares of a label on a stack's standardised features with an intercept, and a whisker of ridge so
/// that one-hot levels that never occur cannot make it singular: the outcome model of R DRDID's default,
/// used beside LightGBM in the specification spread and inside every event-study point.
/// </summary>
public sealed class LinearOutcome
{
    readonly Standardised features;
    readonly double[] beta;
    readonly double[] z;

    LinearOutcome(Standardised features, double[] beta)
    {
        this.features = features;
        this.beta = beta;
        z = new double[features.Width];
    }

    /// <summary>
    /// Fits on the given rows; with too few rows for the features, the model predicts the label's mean.
    /// </summary>
    public static LinearOutcome Fit(Stack stack, Func<int, double> label, IReadOnlyList<int> rows)
    {
        var features = Standardised.On(stack, rows);
        var beta = new double[features.Width];
        if (rows.Count == 0) return new LinearOutcome(features, beta);
        var mean = rows.Average(label);
        beta[0] = mean;
        if (rows.Count <= 2 * features.Width)
            return new LinearOutcome(Standardised.On(stack, []), [mean, .. new double[stack.FeatureCount]]);
        var xtx = new double[features.Width, features.Width];
        var xty = new double[features.Width];
        var z = new double[features.Width];
        foreach (var i in rows)
        {
            features.Fill(stack, i, z);
            var y = label(i);
            for (var a = 0; a < z.Length; a++) xty[a] += z[a] * y;
            Standardised.AddOuter(xtx, z, 1);
        }
        // A ridge of a millionth of a row per standardised column: far below any real signal.
        return new LinearOutcome(features, Standardised.Solve(xtx, xty, 1e-6 * rows.Count) ?? beta);
    }

    /// <summary>Not thread-safe: one model serves one loop.</summary>
    public double Predict(Stack stack, int row)
    {
        features.Fill(stack, row, z);
        return Standardised.Dot(beta, z);
    }
}
