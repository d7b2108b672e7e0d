using Dapper;
using Impact.Warehouse;
using Impact.Warehouse.Surveys;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Impact.Dashboard.Access;
using Microsoft.AspNetCore.Authorization;

namespace Impact.Dashboard.Pages.Engagement;

/// <summary>
/// Engagement survey results per team and survey period, apart from performance. Groups smaller than
/// the configured minimum are hidden here, in the query, so their values never reach a page.
/// </summary>
[Authorize(Policy = Policies.Engagement)]
public sealed class IndexModel(Database warehouse, GroupSizeRule groups) : PageModel
{
    public Result Data { get; private set; } = Result.Empty;

    public async Task OnGetAsync(CancellationToken ct) => Data = await Query.RunAsync(warehouse, groups, ct);

    public sealed record GroupRow(string SurveyId, string? TeamId, string? TeamName, string FirstDay, string LastDay,
        long Responses, long EnpsAnswers, long Promoters, long Detractors);

    public sealed record ItemRow(string SurveyId, string? TeamId, string Item, long Answers, double Mean);

    /// <summary>A team in one survey; <see cref="Hidden"/> groups carry no values at all.</summary>
    public sealed record Group(string? TeamId, string Team, long Responses, bool Hidden, double? Enps,
        IReadOnlyDictionary<string, double?> Items);

    public sealed record Survey(string SurveyId, string FirstDay, string LastDay, IReadOnlyList<string> Items,
        IReadOnlyList<Group> Groups);

    public sealed record Result(int MinGroupSize, IReadOnlyList<Survey> Surveys)
    {
        public static readonly Result Empty = new(GroupSizeRule.Default, []);
    }

    public static class Query
    {
        public static async Task<Result> RunAsync(Database warehouse, GroupSizeRule groups, CancellationToken ct)
        {
            await using var db = await warehouse.OpenAsync(ct);
            // eNPS: promoters answer 9-10, detractors 0-6 (Reichheld); counted here, turned into a score below.
            var rows = (await db.QueryAsync<GroupRow>(new CommandDefinition("""
                SELECT r.survey_id AS SurveyId, r.team_id AS TeamId, MIN(t.name) AS TeamName,
                       MIN(r.submitted_on) AS FirstDay, MAX(r.submitted_on) AS LastDay,
                       CAST(COUNT(*) AS BIGINT) AS Responses, CAST(COUNT(r.enps) AS BIGINT) AS EnpsAnswers,
                       CAST(SUM(CASE WHEN r.enps >= 9 THEN 1 ELSE 0 END) AS BIGINT) AS Promoters,
                       CAST(SUM(CASE WHEN r.enps <= 6 THEN 1 ELSE 0 END) AS BIGINT) AS Detractors
                FROM survey_responses r LEFT JOIN teams t ON t.team_id = r.team_id
                GROUP BY r.survey_id, r.team_id
                """, cancellationToken: ct))).ToList();
            var items = (await db.QueryAsync<ItemRow>(new CommandDefinition("""
                SELECT r.survey_id AS SurveyId, r.team_id AS TeamId, a.item AS Item,
                       CAST(COUNT(*) AS BIGINT) AS Answers,
                       CAST(AVG(CAST(a.score AS DOUBLE PRECISION)) AS DOUBLE PRECISION) AS Mean
                FROM survey_answers a JOIN survey_responses r ON r.response_id = a.response_id
                GROUP BY r.survey_id, r.team_id, a.item
                """, cancellationToken: ct))).ToList();
            return new Result(groups.Minimum, Assemble(rows, items, groups));
        }

        internal static List<Survey> Assemble(List<GroupRow> groups, List<ItemRow> items, GroupSizeRule rule)
        {
            var itemsOf = items.ToLookup(i => (i.SurveyId, i.TeamId));
            return groups.GroupBy(g => g.SurveyId)
                .Select(s => new Survey(
                    s.Key, s.Min(g => g.FirstDay)!, s.Max(g => g.LastDay)!,
                    items.Where(i => i.SurveyId == s.Key).Select(i =>
                        i.Item).Distinct().Order(StringComparer.Ordinal).ToList(),
                    s.OrderBy(g => g.TeamName ?? g.TeamId ?? "\uffff", StringComparer.OrdinalIgnoreCase)
                        .Select(g => ToGroup(g, itemsOf[(g.SurveyId, g.TeamId)], rule)).ToList()))
                .OrderBy(s => s.FirstDay, StringComparer.Ordinal).ToList();
        }

        // An item or eNPS answered by fewer than the minimum is hidden even inside a visible group:
        // otherwise a skipped question would shrink the group below the promise.
        static Group ToGroup(GroupRow g, IEnumerable<ItemRow> items, GroupSizeRule rule)
        {
            var team = g.TeamName ?? g.TeamId ?? "No team given";
            if (!rule.Shows(g.Responses)) return new Group(g.TeamId, team, g.Responses, true, null,
                new Dictionary<string, double?>());
            double? enps = rule.Shows(g.EnpsAnswers) ? 100.0 * (g.Promoters - g.Detractors) / g.EnpsAnswers : null;
            return new Group(g.TeamId, team, g.Responses, false, enps,
                items.ToDictionary(i => i.Item, i => rule.Shows(i.Answers) ? i.Mean : (double?)null));
        }
    }
}
