using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace Impact.Models.Estimation;

/// <summary>Cross-fitted nuisance predictions for each stacked row: the comparison change m(X) and the propensity p(X).</summary>
public sealed record NuisancePredictions(double[] Outcome, double[] Propensity);

/// <summary>
/// K-fold cross-fitting (Chernozhukov et al. 2018): folds split units, each fold's predictions come
/// from models fitted on the other folds, so the ML learners cannot overfit the rows they score.
/// Outcome model: LightGBM regression of the comparison units' change score (centred on their cohort's
/// mean change, so one model serves every cohort). Propensity: L-BFGS logistic regression on
/// standardised features. One fit per fold, predictions in bulk: ML.NET is slow per call on small data.
/// LightGBM rather than FastTree: FastTree forces a full garbage collection on every fit, which on a
/// big organisation's heap took longer than the fits themselves (bench `estimate`: 84 s → 44 s at 100k).
/// </summary>
public static class Nuisance
{
    sealed class Row
    {
        public float Label { get; set; }
        public bool Treated { get; set; }
        public float[] Features { get; set; } = [];
    }

    public static NuisancePredictions Fit(Stack stack, EstimateOptions options, CancellationToken ct)
    {
        var ml = new MLContext(options.Seed);
        var folds = Math.Max(2, options.Folds);
        var fold = stack.Unit.Select(u => FoldOf(stack.Panel.UnitIds[u], options.Seed, folds)).ToArray();
        var cohortMean = CohortControlMean(stack);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, stack.FeatureCount);
        var labels = new float[stack.Rows];
        for (var i = 0; i < stack.Rows; i++) labels[i] = (float)(stack.Delta(i) - cohortMean[stack.CohortOf[i]]);
        // Rows are made as ML.NET reads them, not kept: a pair of a big organisation has hundreds of
        // thousands, and holding them all would only feed the garbage collector.
        IDataView Load(int[] indices) => ml.Data.LoadFromEnumerable(RowsOf(stack, labels, indices), schema);

        var m = new double[stack.Rows];
        var p = new double[stack.Rows];
        for (var k = 0; k < folds; k++)
        {
            ct.ThrowIfCancellationRequested();
            var held = Enumerable.Range(0, stack.Rows).Where(i => fold[i] == k).ToArray();
            if (held.Length == 0) continue;
            var heldData = Load(held);
            var random = new Random(options.Seed + k);
            var trainControls = Cap(Enumerable.Range(0, stack.Rows).Where(i => fold[i] != k && !stack.Treated[i]).ToArray(), options.MaxNuisanceRows, random);
            var trainAll = Cap(Enumerable.Range(0, stack.Rows).Where(i => fold[i] != k).ToArray(), options.MaxNuisanceRows, random);

            var outcome = PredictOutcome(ml, Load(trainControls), trainControls.Length, heldData, held.Length, options);
            var treatedInTrain = trainAll.Count(i => stack.Treated[i]);
            var propensity = PredictPropensity(ml, Load(trainAll), trainAll.Length, treatedInTrain, heldData, held.Length);
            for (var j = 0; j < held.Length; j++)
            {
                m[held[j]] = cohortMean[stack.CohortOf[held[j]]] + outcome[j];
                p[held[j]] = propensity[j];
            }
        }
        return new NuisancePredictions(m, p);
    }

    static IEnumerable<Row> RowsOf(Stack stack, float[] labels, int[] indices)
    {
        foreach (var i in indices)
            yield return new Row
            {
                Label = labels[i], Treated = stack.Treated[i],
                Features = stack.X.AsSpan(i * stack.FeatureCount, stack.FeatureCount).ToArray(),
            };
    }

    static float[] PredictOutcome(MLContext ml, IDataView train, int trainRows, IDataView held, int heldRows, EstimateOptions options)
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

    static float[] PredictPropensity(MLContext ml, IDataView train, int trainRows, int treated, IDataView held, int heldRows)
    {
        if (treated == 0 || treated == trainRows)
            return Enumerable.Repeat((float)treated / Math.Max(1, trainRows), heldRows).ToArray();
        var pipeline = ml.Transforms.NormalizeMeanVariance(nameof(Row.Features))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(Row.Treated), FeatureColumnName = nameof(Row.Features),
                L2Regularization = 1f, L1Regularization = 0f, NumberOfThreads = 1, OptimizationTolerance = 1e-5f,
            }));
        return pipeline.Fit(train).Transform(held).GetColumn<float>("Probability").ToArray();
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
            if (stack.Treated[i]) continue;
            sum[stack.CohortOf[i]] += stack.Delta(i);
            n[stack.CohortOf[i]]++;
        }
        return sum.Select((s, c) => n[c] > 0 ? s / n[c] : 0).ToArray();
    }

    /// <summary>A stable fold per unit id (not per row), the same in every run with the same seed.</summary>
    public static int FoldOf(string unitId, int seed, int folds)
    {
        unchecked
        {
            var h = (uint)seed * 2654435761u;
            foreach (var ch in unitId) h = (h ^ ch) * 16777619u;
            h ^= h >> 15;
            return (int)(h % (uint)folds);
        }
    }
}
