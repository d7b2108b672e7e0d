namespace Impact.Models.Estimation;

/// <summary>
/// A stack's features centred and scaled on the rows a model learns from, with a leading 1 for the
/// intercept; a column that is constant there is left at zero, so it can neither help nor break a fit.
/// </summary>
sealed class Standardised
{
    readonly double[] mean, scale;

    public int Width => mean.Length + 1;

    Standardised(double[] mean, double[] scale)
    {
        this.mean = mean;
        this.scale = scale;
    }

    public static Standardised On(Stack stack, IReadOnlyList<int> rows)
    {
        var f = stack.FeatureCount;
        var mean = new double[f];
        var scale = new double[f];
        if (rows.Count == 0) return new Standardised(mean, scale);
        foreach (var i in rows)
            for (var j = 0; j < f; j++) mean[j] += stack.X[i * f + j];
        for (var j = 0; j < f; j++) mean[j] /= rows.Count;
        foreach (var i in rows)
            for (var j = 0; j < f; j++) scale[j] += Math.Pow(stack.X[i * f + j] - mean[j], 2);
        for (var j = 0; j < f; j++) scale[j] = scale[j] > 1e-12 ? Math.Sqrt(scale[j] / rows.Count) : 0;
        return new Standardised(mean, scale);
    }

    /// <summary>Row <paramref name="row"/> as (1, z_1, …, z_f) into <paramref name="z"/>.</summary>
    public void Fill(Stack stack, int row, double[] z)
    {
        var f = mean.Length;
        z[0] = 1;
        for (var j = 0; j < f; j++) z[j + 1] = scale[j] > 0 ? (stack.X[row * f + j] - mean[j]) / scale[j] : 0;
    }

    public static double Dot(double[] beta, double[] z)
    {
        double y = 0;
        for (var j = 0; j < z.Length; j++) y += beta[j] * z[j];
        return y;
    }

    /// <summary>
    /// Adds w·z·zᵀ to the upper triangle of <paramref name="xtx"/> (the rest is mirrored when solving).
    /// </summary>
    public static void AddOuter(double[,] xtx, double[] z, double w)
    {
        for (var a = 0; a < z.Length; a++)
        {
            if (z[a] == 0) continue;
            var wa = w * z[a];
            for (var b = a; b < z.Length; b++) xtx[a, b] += wa * z[b];
        }
    }

    /// <summary>Solves the symmetric system from its upper triangle plus <paramref name="ridge"/> on every column but
    /// the intercept; null when it is not positive definite.</summary>
    public static double[]? Solve(double[,] upper, double[] rhs, double ridge)
    {
        var n = rhs.Length;
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build
            .Dense(n, n, (a, b) => a <= b ? upper[a, b] : upper[b, a]);
        for (var a = 1; a < n; a++) m[a, a] += ridge;
        try
        {
            return m.Cholesky().Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(rhs)).ToArray();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
