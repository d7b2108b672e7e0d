using Impact.Dashboard.Charts;
using Impact.Dashboard.Exports;

namespace Impact.Dashboard.Pages.Metrics;

/// <summary>
/// Per intervention estimated on the metric: the trend with its completion waves and the event study, drawn by
/// the same builders as the executive pack, with the pack's finding sentence (<see cref="Headlines"/>) as the
/// words a reader who cannot see the image gets.
/// </summary>
public static class InterventionCharts
{
    public const int Width = 900;
    public const int WavesHeight = 340;
    public const int EventHeight = 320;

    /// <summary>The estimate as the pack reads it, so the sentence is the pack's, word for word.</summary>
    public static PackPair Pair(DetailModel.Metric metric, DetailModel.Estimate e) => new()
    {
        InterventionId = e.InterventionId, InterventionName = e.InterventionName, MetricId = metric.MetricId,
        MetricName = metric.Name, Unit = metric.Unit, Owner = metric.Owner, Status = e.Status, Verdict = e.Verdict,
        Reason = e.Reason, Detail = e.Detail,
    };

    public static IReadOnlyList<TrendPoint> Trend(DetailModel.Result data) => data.Trend
        .Where(p => p.Date is not null).Select(p => new TrendPoint(p.Date!.Value, p.Mean)).ToList();

    /// <summary>One row per period that has a mean or completions: the chart's data as a table.</summary>
    public static IReadOnlyList<(DateOnly Period, double? Mean, long Completers)> WaveRows(DetailModel.Result data,
        IReadOnlyList<CompletionWave> waves)
    {
        var means = Trend(data).ToDictionary(t => t.Period, t => t.Mean);
        var people = waves.ToDictionary(w => w.Period, w => w.Completers);
        return means.Keys.Union(people.Keys).Order()
            .Select(p => (p, means.TryGetValue(p, out var m) ? m : (double?)null, people.GetValueOrDefault(p)))
            .ToList();
    }

    public static byte[] Waves(DetailModel.Result? data, string intervention, IReadOnlyList<CompletionWave> waves,
        int width = Width)
    {
        var e = data?.Estimates.FirstOrDefault(x => x.InterventionId == intervention);
        if (data is null || e is null)
            return ChartStyle.Png(ChartStyle.Empty("No estimate of this intervention on this metric"), width,
                WavesHeight);
        var pair = Pair(data.Metric, e);
        return ChartStyle.Png(TrendWithWavesChart.Build(null, pair.Metric, pair.Intervention, Trend(data), waves),
            width, WavesHeight);
    }

    public static byte[] EventStudy(DetailModel.Result? data, string intervention, int width = Width)
    {
        var e = data?.Estimates.FirstOrDefault(x => x.InterventionId == intervention);
        var points = e?.Parsed.EventStudy.Select(p => new EffectPoint(p.RelativePeriod, p.Estimate, p.CiLow,
            p.CiHigh)).ToList() ?? [];
        return ChartStyle.Png(EventStudyChart.Build(null, new Measure(data?.Metric.Name ?? "", data?.Metric.Unit),
            points, e?.Verdict ?? ""), width, EventHeight);
    }
}
