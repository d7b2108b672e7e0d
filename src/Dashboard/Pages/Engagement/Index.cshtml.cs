using Dapper;
using Impact.Dashboard.Access;
using Impact.Dashboard.Filters;
using Impact.Warehouse;
using Impact.Warehouse.Surveys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Pages.Engagement;

/// <summary>
/// Engagement survey results per team and survey wave, apart from performance, filtered by team, role or
/// location and a date range of waves. Small groups are hidden here, in the query's assembly, with
/// complementary suppression (<see cref="SurveyGroups"/>), so their values never reach a page.
/// </summary>
[Authorize(Policy = Policies.Engagement)]
public sealed class IndexModel(Database warehouse, GroupSizeRule groups) : PageModel
{
    public Result Data { get; private set; } = Result.Empty;
    public FilterChoices Choices { get; private set; } = FilterChoices.Empty;

    /// <summary>The whole organisation per wave (the summary page's figures, hidden where that page hides them):
    /// the first row of each wave and what the heat map shades against.</summary>
    public IReadOnlyDictionary<string, Group> Organisation { get; private set; } = new Dictionary<string, Group>();

    public ItemLabels Labels { get; private set; } = ItemLabels.None;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var filter = PageFilter.Of(Request.Query);
        Data = await Query.RunAsync(warehouse, groups, ct, filter);
        Organisation = (await SummaryModel.Query.RunAsync(warehouse, groups, ct)).Surveys
            .Select(w => (w.SurveyId, Whole: EngagementTrend.Organisation(w))).Where(w => w.Whole is not null)
            .ToDictionary(w => w.SurveyId, w => w.Whole!);
        await using var db = await warehouse.OpenAsync(ct);
        Choices = await FilterChoices.ReadAsync(db, Data.Filter, ct);
        Labels = await ItemLabels.ReadAsync(db, ct);
    }

    /// <summary>Responses of one team in one wave, split by <paramref name="Bucket"/> (the respondent's role or
    /// location when the page is filtered by one; null otherwise).</summary>
    public sealed record GroupRow(string SurveyId, string? TeamId, string? TeamName, string? Bucket, string FirstDay,
        string LastDay, long Responses, long EnpsAnswers, long Promoters, long Detractors);

    public sealed record ItemRow(string SurveyId, string? TeamId, string? Bucket, string Item, long Answers,
        double Total);

    /// <summary>A team in one survey; <see cref="Hidden"/> groups carry no values at all.</summary>
    public sealed record Group(string? TeamId, string Team, long Responses, bool Hidden, double? Enps,
        IReadOnlyDictionary<string, double?> Items);

    public sealed record Survey(string SurveyId, string FirstDay, string LastDay, IReadOnlyList<string> Items,
        IReadOnlyList<Group> Groups);

    public sealed record Result(int MinGroupSize, IReadOnlyList<Survey> Surveys)
    {
        public static readonly Result Empty = new(GroupSizeRule.Default, []);
        public PageFilter Filter { get; init; } = PageFilter.None;
    }

    public static class Query
    {
        public static async Task<Result> RunAsync(Database warehouse, GroupSizeRule groups, CancellationToken ct,
            PageFilter? filter = null)
        {
            filter ??= PageFilter.None;
            if (filter.RoleAndLocation)
                filter = filter with
                {
                    Location = null,
                    Problems = [.. filter.Problems, "Survey results take role or location, not both: two such " +
                        "views could be subtracted to single people out. The location was ignored."],
                };
            // The respondent's role or location now, from the organisation file; anonymous answers have none.
            var bucket = filter.Role is not null ? "e.role" : filter.Location is not null ? "e.location" : "NULL";
            var people = bucket == "NULL" ? "" : "LEFT JOIN employees e ON e.employee_id = r.respondent_id";
            var split = bucket == "NULL" ? "" : ", " + bucket;
            await using var db = await warehouse.OpenAsync(ct);
            // eNPS: promoters answer 9-10, detractors 0-6 (Reichheld); counted here, turned into a score below.
            var rows = (await db.QueryAsync<GroupRow>(new CommandDefinition($"""
                SELECT r.survey_id AS SurveyId, r.team_id AS TeamId, MIN(t.name) AS TeamName, {bucket} AS Bucket,
                       MIN(r.submitted_on) AS FirstDay, MAX(r.submitted_on) AS LastDay,
                       CAST(COUNT(*) AS BIGINT) AS Responses, CAST(COUNT(r.enps) AS BIGINT) AS EnpsAnswers,
                       CAST(SUM(CASE WHEN r.enps >= 9 THEN 1 ELSE 0 END) AS BIGINT) AS Promoters,
                       CAST(SUM(CASE WHEN r.enps <= 6 THEN 1 ELSE 0 END) AS BIGINT) AS Detractors
                FROM survey_responses r LEFT JOIN teams t ON t.team_id = r.team_id {people}
                GROUP BY r.survey_id, r.team_id{split}
                """, cancellationToken: ct))).ToList();
            var items = (await db.QueryAsync<ItemRow>(new CommandDefinition($"""
                SELECT r.survey_id AS SurveyId, r.team_id AS TeamId, {bucket} AS Bucket, a.item AS Item,
                       CAST(COUNT(*) AS BIGINT) AS Answers,
                       CAST(SUM(CAST(a.score AS DOUBLE PRECISION)) AS DOUBLE PRECISION) AS Total
                FROM survey_answers a JOIN survey_responses r ON r.response_id = a.response_id {people}
                GROUP BY r.survey_id, r.team_id, a.item{split}
                """, cancellationToken: ct))).ToList();
            var selected = filter.Role ?? filter.Location;
            return new Result(groups.Minimum, SurveyGroups.Assemble(rows, items, groups, filter, selected))
                { Filter = filter };
        }
    }
}
