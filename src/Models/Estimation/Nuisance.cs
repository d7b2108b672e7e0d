using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace Impact.Models.Estimation;

/// <summary>
/// Cross-fitted nuisance predictions for each stacked row: the comparison change m(X) the headline uses,
/// the least-squares one the specification spread uses beside it, and the propensity p(X).
/// </summary>
public sealed record NuisancePredictions(double[] Outcome, double[] LinearOutcome, double[] Propensity);

/// <summary>
/// K-fold cross-fitting (Chernozhukov et al. 2018): folds split clusters (people, or whole teams when
/// inference clusters by team, so a team's shared month cannot leak from the training folds into the
/// rows they score), and each fold's predictions come from models fitted on the other folds. Models
/// learn from the headline's rows only. Outcome model: LightGBM regression (or least squares) of the
/// comparison units' change score, centred on their cohort's mean change so one model serves every
/// cohort. Propensity: logistic regression on standardised features (<see cref="Logistic"/>). One fit per fold,
/// predictions in bulk: ML.NET is slow per call on small data. LightGBM rather than FastTree: FastTree
/// forces a full garbage collection on every fit, which on a big organisation's heap took longer than
/// the fits themselves (bench `estimate`: 84 s → 44 s at 100k).
/// </summary>
public static class Nuisance
{
    sealed class Row
    {
        public float Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    public static NuisancePredictions Fit(Stack stack, EstimateOptions options, CancellationToken ct)
    {
        var ml = new MLContext(options.Seed);
        var folds = Math.Max(2, options.Folds);
        var fold = Folds(stack, options.Seed, folds);
        var cohortMean = CohortControlMean(stack);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, stack.FeatureCount);
        var labels = new float[stack.Rows];
        for (var i = 0; i < stack.Rows; i++) labels[i] = (float)(stack.Delta(i) - cohortMean[stack.CohortOf[i]]);
        // Rows are made as ML.NET reads them, not kept: a pair of a big organisation has hundreds of
        // thousands, and holding them all would only feed the garbage collector.
        IDataView Load(int[] indices) => ml.Data.LoadFromEnumerable(RowsOf(stack, labels, indices), schema);

        var m = new double[stack.Rows];
        var linear = new double[stack.Rows];
        var p = new double[stack.Rows];
        for (var k = 0; k < folds; k++)
        {
            ct.ThrowIfCancellationRequested();
            var held = Enumerable.Range(0, stack.Rows).Where(i => fold[i] == k).ToArray();
            if (held.Length == 0) continue;
            var heldData = options.Nuisance == NuisanceKind.LightGbm ? Load(held) : null;
            var random = new Random(options.Seed + k);
            var train = Enumerable.Range(0, stack.Rows).Where(i => fold[i] != k && stack.InHeadline(i)).ToArray();
            var trainControls = Cap(train.Where(i => !stack.Treated[i]).ToArray(), options.MaxNuisanceRows, random);
            var trainAll = Cap(train, options.MaxNuisanceRows, random);

            var ols = LinearOutcome.Fit(stack, i => labels[i], trainControls);
            var outcome = options.Nuisance == NuisanceKind.LightGbm
                ? PredictOutcome(ml, Load(trainControls), trainControls.Length, heldData!, held.Length, options) : null;
            var propensity = Logistic.Fit(stack, trainAll);
            for (var j = 0; j < held.Length; j++)
            {
                var i = held[j];
                linear[i] = cohortMean[stack.CohortOf[i]] + ols.Predict(stack, i);
                m[i] = outcome is null ? linear[i] : cohortMean[stack.CohortOf[i]] + outcome[j];
                p[i] = propensity.Predict(stack, i);
            }
        }
        return new NuisancePredictions(m, linear, p);
    }

    static IEnumerable<Row> RowsOf(Stack stack, float[] labels, int[] indices)
    {
        foreach (var i in indices)
            yield return new Row
            {
                Label = labels[i],
                Features = stack.X.AsSpan(i * stack.FeatureCount, stack.FeatureCount).ToArray(),
            };
    }

    static float[] PredictOutcome(MLContext ml, IDataView train, int trainRows, IDataView held, int heldRows,
        EstimateOptions options)
    {
        if (trainRows < 2 * options.MinLeafCount) return new float[heldRows];
        var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            LabelColumnName = nameof(Row.Label), FeatureColumnName = nameof(Row.Features),
            NumberOfIterations = options.Trees, NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinLeafCount, LearningRate = 0.1,
            // One thread and a fixed seed make every fit repeatable; pairs already run side by side.
            NumberOfThreads = 1, Seed = options.Seed, Deterministic = true, Silent = true, Verbose = false,
        });
        return trainer.Fit(train).Transform(held).GetColumn<float>("Score").ToArray();
    }

    /// <summary>A seeded random subsample of at most <paramref name="cap"/> rows (partial Fisher–Yates).</summary>
    static int[] Cap(int[] rows, int cap, Random random)
    {
        if (rows.Length <= cap) return rows;
        for (var i = 0; i < cap; i++)
        {
            var j = random.Next(i, rows.Length);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
        return rows[..cap];
    }

    static double[] CohortControlMean(Stack stack)
    {
        var sum = new double[stack.Cohorts.Count];
        var n = new double[stack.Cohorts.Count];
        for (var i = 0; i < stack.Rows; i++)
        {
            if (stack.Treated[i] || !stack.InHeadline(i)) continue;
            sum[stack.CohortOf[i]] += stack.Delta(i);
            n[stack.CohortOf[i]]++;
        }
        return sum.Select((s, c) => n[c] > 0 ? s / n[c] : 0).ToArray();
    }

    /// <summary>
    /// Each row's cross-fitting fold: a whole cluster (a person with all their cohort rows, or a team) in one fold.
    /// </summary>
    public static int[] Folds(Stack stack, int seed, int folds)
    {
        var ofCluster = stack.Clustering.Keys.Select(key => FoldOf(key, seed, folds)).ToArray();
        return stack.Unit.Select(u => ofCluster[stack.Clustering.ClusterOf[u]]).ToArray();
    }

    /// <summary>A stable fold per cluster key (not per row), the same in every run with the same seed.</summary>
    public static int FoldOf(string key, int seed, int folds) => (int)(Hash(key, seed) % (uint)folds);

    /// <summary>A stable draw in [0, 1) per unit id and seed: whether a unit is in a sampled share.</summary>
    public static double UnitDraw(string unitId, int seed) => Hash(unitId, seed ^ 0x5bd1e995) / 4294967296.0;

    static uint Hash(string key, int seed)
    {
        unchecked
        {
            var h = (uint)seed * 2654435761u;
            foreach (var ch in key) h = (h ^ ch) * 16777619u;
            h ^= h >> 15;
            return h;
        }
    }
}
