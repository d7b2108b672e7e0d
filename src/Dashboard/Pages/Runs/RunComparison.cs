using System.Data.Common;
using Dapper;
using Impact.Dashboard.Display;
using Impact.Models.Runs;

namespace Impact.Dashboard.Pages.Runs;

/// <summary>One intervention × metric pair in two runs: the verdict, effect and 95% interval in each (null where
/// a run did not include the pair), and how they moved from the older run to the newer. The figures are the
/// stored detail's, the object <c>impact estimate --json</c> prints.</summary>
public sealed record PairChange(string InterventionId, string Intervention, string MetricId, string Metric,
    string? Unit, PairChange.Side? Older, PairChange.Side? Newer)
{
    public sealed record Side(string Verdict, double? Estimate, double? CiLow, double? CiHigh);

    public bool InBoth => Older is not null && Newer is not null;
    public bool VerdictChanged => InBoth && Older!.Verdict != Newer!.Verdict;
    public double? EffectDelta => Newer?.Estimate - Older?.Estimate;
    public double? LowDelta => Newer?.CiLow - Older?.CiLow;
    public double? HighDelta => Newer?.CiHigh - Older?.CiHigh;

    /// <summary>Both runs stored the very same figures (a carried pair, or data and settings that did not move):
    /// then a row of zero changes would only be noise.</summary>
    public bool SameEstimate => InBoth && !VerdictChanged && Older!.Estimate == Newer!.Estimate &&
                                Older.CiLow == Newer.CiLow && Older.CiHigh == Newer.CiHigh;
}

/// <summary>Two runs side by side: every pair either stored, changed verdicts first.</summary>
public sealed record RunComparison(IndexModel.Run Older, IndexModel.Run Newer, IReadOnlyList<PairChange> Pairs)
{
    public int Changed => Pairs.Count(p => p.VerdictChanged);
    public int InBoth => Pairs.Count(p => p.InBoth);

    /// <summary>The runs asked for (in either order), else the two latest that succeeded; null when fewer
    /// than two runs can be found.</summary>
    public static (IndexModel.Run? Older, IndexModel.Run? Newer) Pick(IReadOnlyList<IndexModel.Run> runs, long? a,
        long? b)
    {
        var succeeded = runs.Where(r => r.Status == EstimateRunStatus.Succeeded).ToList();
        var first = a is { } x ? runs.FirstOrDefault(r => r.RunId == x) : succeeded.ElementAtOrDefault(1);
        var second = b is { } y ? runs.FirstOrDefault(r => r.RunId == y) : succeeded.ElementAtOrDefault(0);
        if (first is null || second is null) return (null, null);
        return first.RunId <= second.RunId ? (first, second) : (second, first);
    }

    public static async Task<RunComparison> ReadAsync(DbConnection db, IndexModel.Run older, IndexModel.Run newer,
        CancellationToken ct)
    {
        var rows = (await db.QueryAsync<Row>(new CommandDefinition("""
            SELECT r.run_id AS RunId, r.intervention_id AS InterventionId,
                   COALESCE(i.name, r.intervention_id) AS Intervention, r.metric_id AS MetricId,
                   COALESCE(m.name, r.metric_id) AS Metric, m.unit AS Unit, r.verdict AS Verdict,
                   r.detail AS Detail
            FROM estimate_results r
            LEFT JOIN interventions i ON i.intervention_id = r.intervention_id
            LEFT JOIN metrics m ON m.metric_id = r.metric_id
            WHERE r.run_id IN (@older, @newer)
            """, new { older = older.RunId, newer = newer.RunId }, cancellationToken: ct))).ToList();
        var pairs = rows.GroupBy(r => (r.InterventionId, r.MetricId)).Select(g =>
        {
            var any = g.First();
            return new PairChange(any.InterventionId, any.Intervention, any.MetricId, any.Metric, any.Unit,
                g.FirstOrDefault(r => r.RunId == older.RunId)?.Side,
                g.FirstOrDefault(r => r.RunId == newer.RunId)?.Side);
        });
        return new RunComparison(older, newer, pairs.OrderByDescending(p => p.VerdictChanged)
            .ThenByDescending(p => p.InBoth).ThenBy(p => p.Intervention, StringComparer.Ordinal)
            .ThenBy(p => p.Metric, StringComparer.Ordinal).ToList());
    }

    sealed record Row(long RunId, string InterventionId, string Intervention, string MetricId, string Metric,
        string? Unit, string Verdict, string? Detail)
    {
        public PairChange.Side Side
        {
            get
            {
                var d = EstimateDetail.Parse(Detail);
                return new(Verdict, d.Estimate, d.CiLow, d.CiHigh);
            }
        }
    }
}
