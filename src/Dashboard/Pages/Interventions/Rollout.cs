using System.Data.Common;
using Dapper;
using Impact.Dashboard.Caching;
using Impact.Dashboard.Charts;
using Impact.Dashboard.Display;
using Impact.Dashboard.Exports;
using Impact.Models.Panels;
using Impact.Warehouse;

namespace Impact.Dashboard.Pages.Interventions;

/// <summary>
/// Who took an intervention and when: the people who finished it (a retake is still one person), their
/// completions per month (the same waves the executive pack draws), and each metric's value per unit, which the
/// pack's value rule needs (<see cref="Headlines.WhyNoValue"/>).
/// </summary>
public sealed record Rollout(long Participants, IReadOnlyList<CompletionWave> Waves,
    IReadOnlyDictionary<string, Rollout.MetricValue> Values)
{
    public static readonly Rollout None = new(0, [], new Dictionary<string, MetricValue>());

    /// <summary>An intervention's completions per month, kept per data stamp apart from any page: the metric
    /// page reads them for every intervention estimated on it, whatever its filter.</summary>
    public static Task<IReadOnlyList<CompletionWave>> WavesAsync(Database warehouse, PageDataCache cache,
        string intervention, CancellationToken ct) =>
        cache.GetAsync($"waves:{intervention}", async c =>
        {
            await using var db = await warehouse.OpenAsync(c);
            return await PackReader.WavesAsync(db, intervention, c);
        }, ct);

    public static async Task<Rollout> ReadAsync(DbConnection db, string intervention, CancellationToken ct)
    {
        var participants = await db.ExecuteScalarAsync<long>(new CommandDefinition($"""
            SELECT CAST(COUNT(DISTINCT c.employee_id) AS BIGINT) FROM completions c
            WHERE c.intervention_id = @intervention AND {Finished.Condition("c.status")}
            """, new { intervention }, cancellationToken: ct));
        var values = await db.QueryAsync<MetricValue>(new CommandDefinition("""
            SELECT metric_id AS MetricId, value_per_unit AS ValuePerUnit, currency AS Currency FROM metrics
            """, cancellationToken: ct));
        return new Rollout(participants, await PackReader.WavesAsync(db, intervention, ct),
            values.ToDictionary(v => v.MetricId));
    }

    /// <summary>The rollout in one sentence: the chart's finding, also its text alternative.</summary>
    public string Sentence(string intervention)
    {
        if (Waves.Count == 0) return $"Nobody has finished {intervention} yet";
        var peak = Waves.MaxBy(w => w.Completers)!;
        return $"{Format.Count(Participants)} people finished {intervention} between {Month(Waves[0].Period)} and " +
               $"{Month(Waves[^1].Period)}, the most in {Month(peak.Period)} ({Format.Count(peak.Completers)})";
    }

    static string Month(DateOnly d) => d.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What one unit of a metric is worth, when the organisation has said so.</summary>
    public sealed record MetricValue(string MetricId, double? ValuePerUnit, string? Currency);
}
