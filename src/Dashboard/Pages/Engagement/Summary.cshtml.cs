using Dapper;
using Impact.Dashboard.Access;
using Impact.Dashboard.Charts;
using Impact.Warehouse;
using Impact.Warehouse.Surveys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Pages.Engagement;

/// <summary>
/// Each survey for the whole organisation, never per team: what an executive sees of engagement. The
/// minimum group size still holds (a small organisation, a little-answered item or eNPS stays hidden),
/// through the same rule as the per-team page.
/// </summary>
[Authorize(Policy = Policies.EngagementSummary)]
public sealed class SummaryModel(Database warehouse, GroupSizeRule groups, ChartCache charts) : PageModel
{
    public const string Organisation = "Whole organisation";
    public const int ChartWidth = 760;
    public const int ItemsHeight = 360;
    public const int EnpsHeight = 260;

    public IndexModel.Result Data { get; private set; } = IndexModel.Result.Empty;

    public ItemLabels Labels { get; private set; } = ItemLabels.None;

    public IReadOnlyList<SurveySeries> ItemSeries { get; private set; } = [];

    /// <summary>Every item asked in any wave, in the order of <see cref="ItemSeries"/>.</summary>
    public IReadOnlyList<string> ItemKeys { get; private set; } = [];

    public SurveySeries EnpsSeries { get; private set; } = new("eNPS", []);

    public async Task OnGetAsync(CancellationToken ct) => await ReadAsync(ct);

    async Task ReadAsync(CancellationToken ct)
    {
        Data = await Query.RunAsync(warehouse, groups, ct);
        await using var db = await warehouse.OpenAsync(ct);
        Labels = await ItemLabels.ReadAsync(db, ct);
        // Worked out once here: the page reads the keys once per wave row.
        ItemKeys = EngagementTrend.Keys(Data.Surveys);
        ItemSeries = EngagementTrend.Items(Data.Surveys, Labels.Of);
        EnpsSeries = EngagementTrend.Enps(Data.Surveys);
    }

    /// <summary>The two trend images: <c>?handler=Chart&amp;chart=items</c> or <c>enps</c>.</summary>
    public Task<IActionResult> OnGetChartAsync(string chart, CancellationToken ct) => charts.PngAsync(Request,
        async () =>
        {
            await ReadAsync(ct);
            var width = ChartFit.Of(Request).Width(ChartWidth);
            return chart == "enps"
                ? ChartStyle.Png(EngagementTrendChart.Enps(null, EnpsSeries), width, EnpsHeight)
                : ChartStyle.Png(EngagementTrendChart.Items(null, ItemSeries), width, ItemsHeight);
        }, ct);

    public static class Query
    {
        public static async Task<IndexModel.Result> RunAsync(Database warehouse, GroupSizeRule rule,
            CancellationToken ct)
        {
            await using var db = await warehouse.OpenAsync(ct);
            // The per-team page's query with every team taken together.
            var rows = (await db.QueryAsync<IndexModel.GroupRow>(new CommandDefinition($"""
                SELECT r.survey_id AS SurveyId, NULL AS TeamId, '{Organisation}' AS TeamName, NULL AS Bucket,
                       MIN(r.submitted_on) AS FirstDay, MAX(r.submitted_on) AS LastDay,
                       CAST(COUNT(*) AS BIGINT) AS Responses, CAST(COUNT(r.enps) AS BIGINT) AS EnpsAnswers,
                       CAST(SUM(CASE WHEN r.enps >= 9 THEN 1 ELSE 0 END) AS BIGINT) AS Promoters,
                       CAST(SUM(CASE WHEN r.enps <= 6 THEN 1 ELSE 0 END) AS BIGINT) AS Detractors
                FROM survey_responses r
                GROUP BY r.survey_id
                """, cancellationToken: ct))).ToList();
            var items = (await db.QueryAsync<IndexModel.ItemRow>(new CommandDefinition("""
                SELECT r.survey_id AS SurveyId, NULL AS TeamId, NULL AS Bucket, a.item AS Item,
                       CAST(COUNT(*) AS BIGINT) AS Answers,
                       CAST(SUM(CAST(a.score AS DOUBLE PRECISION)) AS DOUBLE PRECISION) AS Total
                FROM survey_answers a JOIN survey_responses r ON r.response_id = a.response_id
                GROUP BY r.survey_id, a.item
                """, cancellationToken: ct))).ToList();
            return new IndexModel.Result(rule.Minimum,
                SurveyGroups.Assemble(rows, items, rule, Filters.PageFilter.None, selectedBucket: null));
        }
    }
}
