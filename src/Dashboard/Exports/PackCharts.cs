using System.Text.RegularExpressions;
using Impact.Dashboard.Charts;
using ScottPlot;

namespace Impact.Dashboard.Exports;

/// <summary>A table of the numbers behind a chart: text cells and numbers (doubles, longs) or nulls.</summary>
public sealed record CsvTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>
/// One chart of the pack: its file name (no extension), its title sentence, how to draw it (with the title
/// for stand-alone PNG/SVG files, without it where a slide or the brief already states it) and its numbers.
/// <see cref="Finding"/> is the pair the chart is about, when it is about one.
/// </summary>
public sealed record PackChart(string Name, string Title, Func<string?, Plot> Draw, CsvTable Table,
    PackPair? Finding = null);

/// <summary>Every chart of a pack, in the order the brief and deck show them.</summary>
public static partial class PackCharts
{
    public static IReadOnlyList<PackChart> For(PackData pack)
    {
        var names = new FileNames();
        var charts = new List<PackChart> { Matrix(pack, names.Take("impact-matrix")) };
        foreach (var metric in pack.Pairs.GroupBy(p => p.MetricId))
            charts.Add(CompletionVsEffect(metric.ToList(), names.Take($"completion-vs-impact-{metric.Key}")));
        charts.Add(Value(pack, names.Take("value")));
        foreach (var finding in pack.Findings)
        {
            var pair = $"{finding.InterventionId}-{finding.MetricId}";
            charts.Add(Trend(pack, finding, names.Take($"trend-{pair}")));
            charts.Add(EventStudy(finding, names.Take($"event-study-{pair}")));
        }
        return charts;
    }

    /// <summary>"4 of 20 intervention × metric pairs improved performance (estimate run 1)".</summary>
    public static string MatrixTitle(PackData pack) =>
        $"{pack.Pairs.Count(p => p.Verdict == Models.Estimation.Verdicts.Improved)} of {pack.Pairs.Count} " +
        $"intervention × metric pairs improved performance (estimate run {pack.Run.RunId})";

    static PackChart Matrix(PackData pack, string name)
    {
        var title = MatrixTitle(pack);
        var cells = pack.Pairs.Select(p => new MatrixCell(p.Intervention, p.MetricName, p.Verdict,
            p.Estimated ? Signed(p.Parsed.Estimate) + (string.IsNullOrWhiteSpace(p.Unit) ? "" : " " + p.Unit) : ""))
            .ToList();
        var table = new CsvTable(
            ["intervention_id", "intervention", "metric_id", "metric", "unit", "owner", "verdict", "estimate", "ci_low",
                "ci_high"],
            pack.Pairs.Select(p => Row(p.InterventionId, p.Intervention, p.MetricId, p.MetricName, p.Unit, p.Owner,
                p.Verdict, p.Parsed.Estimate, p.Parsed.CiLow, p.Parsed.CiHigh)).ToList());
        return new PackChart(name, title, t => ImpactMatrixChart.Build(t, cells), table);
    }

    static PackChart CompletionVsEffect(IReadOnlyList<PackPair> pairs, string name)
    {
        var metric = pairs[0].Metric;
        var misleading = pairs.Count(p => Headlines.Misleads(p.Parsed));
        var title = misleading == 0
            ? $"On {metric.Name}, completion reports and causal effects agree for every intervention"
            : $"On {metric.Name}, a completion report misstates {misleading} of {pairs.Count} interventions: " +
              "completers differed before";
        var rows = pairs.Select(p => new CompletionVsEffect(p.Intervention, p.Parsed.CompletionRate,
            p.Parsed.NaiveDifference, p.Parsed.Estimate, p.Parsed.CiLow, p.Parsed.CiHigh, p.Verdict)).ToList();
        var table = new CsvTable(
            ["intervention_id", "intervention", "metric_id", "metric", "completion_rate", "naive_difference",
                "estimate", "ci_low", "ci_high", "verdict"],
            pairs.Select(p => Row(p.InterventionId, p.Intervention, p.MetricId, p.MetricName, p.Parsed.CompletionRate,
                p.Parsed.NaiveDifference, p.Parsed.Estimate, p.Parsed.CiLow, p.Parsed.CiHigh, p.Verdict)).ToList());
        return new PackChart(name, title, t => CompletionVsEffectChart.Build(t, metric, rows), table);
    }

    static PackChart Value(PackData pack, string name)
    {
        var claimed = pack.Pairs.Where(p => Headlines.WhyNoValue(p) is null).ToList();
        var currency = claimed.Select(p => p.Currency).FirstOrDefault(c => c.Length > 0) ?? "";
        var best = claimed.MaxBy(p => p.Parsed.BenefitPerParticipant);
        var title = best is null
            ? "No value is claimed for any intervention"
            : $"{best.Intervention} is worth {Headlines.Num(best.Parsed.BenefitPerParticipant)} {best.Currency} per " +
              $"participant on {best.MetricName}" + (best.Parsed.Roi is { } roi
                  ? $" ({Display.Format.Percent(1 + roi)} of its cost)" : "") +
              (claimed.Count > 1 ? $"; {claimed.Count - 1} more value(s) below" : "");
        var bars = claimed.Select(p => new ValueBar($"{p.Intervention} on {p.MetricName}",
            p.Parsed.BenefitPerParticipant!.Value, p.Parsed.BenefitCiLow!.Value, p.Parsed.BenefitCiHigh!.Value,
            p.Parsed.Roi)).ToList();
        const string whyNone = "No value is claimed: a value needs a money value per unit of the metric, a cost " +
                               "per participant and an effect whose 95% interval excludes zero.";
        var table = new CsvTable(
            ["intervention_id", "intervention", "metric_id", "metric", "benefit_per_participant", "benefit_ci_low",
                "benefit_ci_high", "roi", "currency", "value_claimed", "why_not"],
            pack.Pairs.Select(p => Row(p.InterventionId, p.Intervention, p.MetricId, p.MetricName,
                p.Parsed.BenefitPerParticipant, p.Parsed.BenefitCiLow, p.Parsed.BenefitCiHigh, p.Parsed.Roi,
                p.Currency, Headlines.WhyNoValue(p) is null ? "yes" : "no", Headlines.WhyNoValue(p))).ToList());
        return new PackChart(name, title, t => ValueChart.Build(t, currency, bars, whyNone), table);
    }

    static PackChart Trend(PackData pack, PackPair p, string name)
    {
        var trend = pack.Trends.GetValueOrDefault(p.MetricId) ?? [];
        var waves = pack.Waves.GetValueOrDefault(p.InterventionId) ?? [];
        var people = waves.ToDictionary(w => w.Period, w => w.Completers);
        var table = new CsvTable(["period_start", "mean", "completers"],
            trend.Select(t => Row(t.Period.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                t.Mean, people.TryGetValue(t.Period, out var n) ? n : 0L)).ToList());
        return new PackChart(name, Headlines.Title(p),
            t => TrendWithWavesChart.Build(t, p.Metric, p.Intervention, trend, waves), table, p);
    }

    static PackChart EventStudy(PackPair p, string name)
    {
        var points = p.Parsed.EventStudy.Select(e => new EffectPoint(e.RelativePeriod, e.Estimate, e.CiLow, e.CiHigh))
            .ToList();
        var table = new CsvTable(["relative_period", "estimate", "ci_low", "ci_high"],
            points.Select(e => Row((long)e.RelativePeriod, e.Estimate, e.CiLow, e.CiHigh)).ToList());
        return new PackChart(name, $"Effect of {p.Intervention} on {p.MetricName} period by period, " +
                                   "before and after completion",
            t => EventStudyChart.Build(t, p.Metric, points, p.Verdict), table, p);
    }

    static IReadOnlyList<object?> Row(params object?[] cells) => cells;

    static string Signed(double? v) => v is { } x ? (x > 0 ? "+" : "") + Headlines.Num(x) : "";

    /// <summary>File names from ids, which come from source files: only safe characters, never twice.</summary>
    sealed partial class FileNames
    {
        readonly HashSet<string> taken = new(StringComparer.OrdinalIgnoreCase);

        public string Take(string wanted)
        {
            var safe = Unsafe().Replace(wanted.ToLowerInvariant(), "_").Trim('_', '.', '-');
            if (safe.Length > 80) safe = safe[..80];
            var name = safe.Length == 0 ? "chart" : safe;
            for (var n = 2; !taken.Add(name); n++) name = $"{safe}-{n}";
            return name;
        }

        [GeneratedRegex("[^a-z0-9_-]+")]
        private static partial Regex Unsafe();
    }
}
