using Dapper;
using Impact.Models.Panels;
using Impact.Warehouse;

namespace Impact.Models.Runs;

/// <summary>
/// What an estimate run may be asked for, checked before it is recorded: a warehouse with performance
/// metrics, a metric and an intervention that exist, and never an engagement survey measure as the outcome.
/// The CLI asks before every run; a scheduled job should too.
/// </summary>
public static class EstimateRequest
{
    /// <summary>Refuses an engagement measure as the outcome with the reason, and unknown ids with the known
    /// ones.</summary>
    public static async Task CheckAsync(Database warehouse, string? metricId, string? interventionId,
        CancellationToken ct)
    {
        var metrics = await WarehouseReader.MetricsAsync(warehouse, ct);
        if (metrics.Count == 0)
            throw new ImpactException(
                $"{warehouse.Target.Display} has no performance metrics yet: ingest metrics and KPIs first.");
        await using var db = await warehouse.OpenAsync(ct);
        if (metricId is not null && metrics.All(m => m.Id != metricId))
        {
            if (await IsSurveyMeasureAsync(db, metricId, ct))
                throw new ImpactException(
                    $"'{metricId}' is an engagement survey measure, not a performance metric: engagement surveys " +
                    "tell you about engagement, retention and wellbeing, not about performance (Jennings), " +
                    "so Impact never uses them as an outcome.");
            throw new ImpactException(
                $"There is no performance metric '{metricId}'; known metrics: " +
                $"{string.Join(", ", metrics.Select(m => m.Id))}.");
        }
        if (interventionId is not null && await db.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COUNT(*) FROM interventions WHERE intervention_id = @id", new { id = interventionId },
                cancellationToken: ct)) == 0)
            throw new ImpactException($"There is no intervention '{interventionId}' in {warehouse.Target.Display}.");
    }

    /// <summary>
    /// eNPS, anything named engagement, or an item of a stored survey. Only the item names are read, to
    /// recognise such a request: the models never read survey answers.
    /// </summary>
    static async Task<bool> IsSurveyMeasureAsync(System.Data.Common.DbConnection db, string name,
        CancellationToken ct) =>
        string.Equals(name, "enps", StringComparison.OrdinalIgnoreCase)
        || name.Contains("engagement", StringComparison.OrdinalIgnoreCase)
        || await db.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM survey_answers WHERE item = @item", new { item = name }, cancellationToken: ct)) > 0;
}
