using Impact.Models.Estimation;
using Impact.Models.Outcomes;
using Impact.Models.Panels;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Impact.Models.Insights;

/// <summary>
/// "What do high performers do differently?" (Jennings): top-quartile vs middle performers on a metric
/// (their mean over the last six periods), compared on learning activity — which interventions and
/// kinds they finished, how much, how recently — with an ML.NET classifier and permutation feature
/// importance (AUC lost when one feature is shuffled). Descriptive, not causal, and it says so.
/// </summary>
public static class HighPerformers
{
    sealed class Row
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    const int MinPerGroup = 40;
    const int MaxPeople = 20_000;

    public static List<string> Describe(Panel panel, EstimateOptions options, CancellationToken ct)
    {
        if (panel.Metric.Level != MetricLevel.Employee || panel.Periods.Count == 0) return [];
        var (names, features) = Activity(panel);
        var recent = Enumerable.Range(0, panel.UnitIds.Length).Select(u => Recent(panel, u)).ToArray();
        var ranked = Enumerable.Range(0, recent.Length).Where(u => !double.IsNaN(recent[u]))
            .OrderBy(u => panel.Metric.Sign * recent[u]).ToArray();
        if (ranked.Length < 4 * MinPerGroup) return [];
        if (ranked.Length > MaxPeople)
        {
            // A seeded random subsample keeps quartiles honest and time bounded on big organisations.
            var sample = new Random(options.Seed);
            ranked = ranked.Where(_ => sample.NextDouble() < MaxPeople / (double)ranked.Length).ToArray();
        }
        var q = ranked.Length / 4;
        var middle = ranked[q..(3 * q)];
        var top = ranked[(3 * q)..];
        var rows = top.Select(u => new Row { Label = true, Features = features[u] })
            .Concat(middle.Select(u => new Row { Label = false, Features = features[u] })).ToArray();

        ct.ThrowIfCancellationRequested();
        var ml = new MLContext(options.Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, names.Length);
        var model = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = 50, NumberOfLeaves = 8, MinimumExampleCountPerLeaf = 20, LearningRate = 0.1,
            NumberOfThreads = 1, Seed = options.Seed, Deterministic = true, Silent = true,
        }).Fit(ml.Data.LoadFromEnumerable(rows, schema));
        double Auc(Row[] data) =>
            ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(ml.Data.LoadFromEnumerable(data,
            schema))).AreaUnderRocCurve;
        var baseAuc = Auc(rows);
        var random = new Random(options.Seed);
        var importance = new List<(int Feature, double Drop)>();
        for (var f = 0; f < names.Length; f++)
        {
            var shuffled = rows.Select(r => r.Features[f]).OrderBy(_ => random.Next()).ToArray();
            var permuted = rows.Select((r, i) =>
                new Row { Label = r.Label, Features = WithValue(r.Features, f, shuffled[i]) }).ToArray();
            importance.Add((f, baseAuc - Auc(permuted)));
        }

        var sentences = new List<string>();
        foreach (var (f, drop) in importance.Where(i => i.Drop > 0.005).OrderByDescending(i => i.Drop).Take(3))
        {
            var topMean = top.Average(u => features[u][f]);
            var midMean = middle.Average(u => features[u][f]);
            var what = names[f].StartsWith("finished ", StringComparison.Ordinal)
                ? $"{Verdicts.Percent(topMean)} of top-quartile performers on {panel.Metric.Name} {names[f]}, " +
                    $"against {Verdicts.Percent(midMean)} of middle performers"
                : $"for top-quartile performers on {panel.Metric.Name}, {names[f]} averages {topMean:0.##}, " +
                    $"against {midMean:0.##} for middle performers";
            sentences.Add($"{char.ToUpperInvariant(what[0])}{what[1..]} (the classifier loses {drop:0.###} AUC " +
                "without it).");
        }
        if (sentences.Count == 0)
            sentences.Add($"Top-quartile and middle performers on {panel.Metric.Name} do not differ in learning " +
                $"activity in any way a classifier can use (AUC {baseAuc:0.##}).");
        sentences.Add("This describes what high performers do, not what makes them perform: for causes, see the " +
            "estimates.");
        return sentences;
    }

    static float[] WithValue(float[] features, int f, float value)
    {
        var copy = (float[])features.Clone();
        copy[f] = value;
        return copy;
    }

    static double Recent(Panel panel, int u)
    {
        double sum = 0;
        var n = 0;
        for (var t = Math.Max(0, panel.Periods.Count - 6); t < panel.Periods.Count; t++)
        {
            var v = panel.Value(u, t);
            if (float.IsNaN(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }

    static (string[] Names, float[][] Features) Activity(Panel panel)
    {
        var interventions = panel.TreatedOn.Keys.Order(StringComparer.Ordinal).ToArray();
        var kinds = interventions.Select(i =>
            panel.Interventions[i].Kind).Distinct().Order(StringComparer.Ordinal).ToArray();
        var activity = panel.Activity.OrderBy(a => a.Key, StringComparer.Ordinal).ToArray();
        var names = interventions.Select(i => $"finished {panel.Interventions[i].Name}")
            .Concat(kinds.Select(k => $"{k} interventions finished")).Append("learning finished in total")
                .Append("months since last learning")
            .Concat(activity.Select(a => a.Key)).ToArray();
        var done = names.Length - activity.Length; // where the completion-based features end
        var end = panel.Periods.EndOf(panel.Periods.Count - 1);
        var features = new float[panel.UnitIds.Length][];
        for (var u = 0; u < features.Length; u++)
        {
            var row = new float[names.Length];
            var latest = (DateOnly?)null;
            for (var i = 0; i < interventions.Length; i++)
            {
                if (panel.TreatedOn[interventions[i]][u] is not { } d) continue;
                row[i] = 1;
                row[interventions.Length + Array.IndexOf(kinds, panel.Interventions[interventions[i]].Kind)]++;
                row[done - 2]++;
                if (latest is null || d > latest) latest = d;
            }
            row[done - 1] = latest is { } l ? (end.DayNumber - l.DayNumber) / 30.4f : 99;
            for (var a = 0; a < activity.Length; a++) row[done + a] = activity[a].Value[u];
            features[u] = row;
        }
        return (names, features);
    }
}
