using Impact.Dashboard.Filters;
using Impact.Warehouse.Surveys;
using static Impact.Dashboard.Pages.Engagement.IndexModel;

namespace Impact.Dashboard.Pages.Engagement;

/// <summary>
/// From counts per wave, team and (when filtered) role or location to the groups a page may show. Every shown
/// number is a total some page shows, so hidden groups are protected against subtraction at two levels: the
/// teams of a wave together (the organisation's total is on the summary page) and, under a role or location
/// filter, the roles or locations within a team (the team's total is on the unfiltered page); a part of a
/// hidden team is never shown. The team filter only picks rows after all of this, and a date range takes
/// whole waves, so neither makes a new total to subtract from.
/// </summary>
public static class SurveyGroups
{
    sealed record Cell(string? TeamId, string Team, string? Bucket, long Responses, long EnpsAnswers,
        long Promoters, long Detractors, IReadOnlyDictionary<string, (long Answers, double Total)> Items);

    sealed record Mask(bool Row, bool Enps, IReadOnlyDictionary<string, bool> Items);

    public static List<Survey> Assemble(List<GroupRow> rows, List<ItemRow> items, GroupSizeRule rule,
        PageFilter filter, string? selectedBucket)
    {
        var itemsOf = items.ToLookup(i => i.SurveyId);
        return rows.GroupBy(r => r.SurveyId)
            .Select(w => Wave(w.Key, w.ToList(), itemsOf[w.Key].ToList(), rule, filter, selectedBucket))
            .Where(s => (filter.From is null || string.CompareOrdinal(s.FirstDay, filter.From) >= 0)
                        && (filter.To is null || string.CompareOrdinal(s.FirstDay, filter.To) <= 0))
            .OrderBy(s => s.FirstDay, StringComparer.Ordinal).ToList();
    }

    static Survey Wave(string surveyId, List<GroupRow> rows, List<ItemRow> items, GroupSizeRule rule,
        PageFilter filter, string? selectedBucket)
    {
        var names = items.Select(i => i.Item).Distinct().Order(StringComparer.Ordinal).ToList();
        var teams = rows.GroupBy(r => r.TeamId)
            .Select(t => t.ToList())
            .OrderBy(t => Name(t[0]), StringComparer.OrdinalIgnoreCase).ToList();
        var totals = teams.Select(t => CellOf(t, items, bucket: false)).ToList();
        var teamMasks = Masks(totals, names, rule, parents: null);
        var groups = new List<Group>();
        for (var i = 0; i < teams.Count; i++)
        {
            if (filter.Team is not null && totals[i].TeamId != filter.Team) continue;
            if (selectedBucket is null)
            {
                groups.Add(ToGroup(totals[i], teamMasks[i]));
                continue;
            }
            var parts = teams[i].GroupBy(r => r.Bucket).Select(b => CellOf(b.ToList(), items, bucket: true)).ToList();
            var partMasks = Masks(parts, names, rule, Enumerable.Repeat(teamMasks[i], parts.Count).ToList());
            var chosen = parts.FindIndex(p => p.Bucket == selectedBucket);
            if (chosen >= 0) groups.Add(ToGroup(parts[chosen], partMasks[chosen]));
        }
        return new Survey(surveyId, rows.Min(r => r.FirstDay)!, rows.Max(r => r.LastDay)!, names, groups);
    }

    static string Name(GroupRow r) => r.TeamName ?? r.TeamId ?? "No team given";

    static Cell CellOf(List<GroupRow> rows, List<ItemRow> items, bool bucket)
    {
        var first = rows[0];
        var mine = items.Where(i => i.TeamId == first.TeamId && (!bucket || i.Bucket == first.Bucket));
        return new Cell(first.TeamId, Name(first), bucket ? first.Bucket : null, rows.Sum(r => r.Responses),
            rows.Sum(r => r.EnpsAnswers), rows.Sum(r => r.Promoters), rows.Sum(r => r.Detractors),
            mine.GroupBy(i => i.Item).ToDictionary(g => g.Key, g => (g.Sum(i => i.Answers), g.Sum(i => i.Total))));
    }

    // Each column is suppressed on its own counts (an item skipped by some is answered by fewer than responded);
    // a hidden row hides all its columns, and a hidden parent column hides that column in all its parts.
    static List<Mask> Masks(List<Cell> cells, List<string> names, GroupSizeRule rule, List<Mask>? parents)
    {
        var rows = Suppression.Hide(cells.Select(c => c.Responses).ToList(), rule,
            parents?.Select(p => p.Row).ToList());
        var enps = Suppression.Hide(cells.Select(c => c.EnpsAnswers).ToList(), rule,
            cells.Select((_, i) => rows[i] || parents?[i].Enps == true).ToList());
        var itemMasks = names.ToDictionary(n => n, n => Suppression.Hide(
            cells.Select(c => c.Items.TryGetValue(n, out var a) ? a.Answers : 0).ToList(), rule,
            cells.Select((_, i) => rows[i] || parents?[i].Items[n] == true).ToList()));
        return cells.Select((_, i) => new Mask(rows[i], enps[i], names.ToDictionary(n => n, n => itemMasks[n][i])))
            .ToList();
    }

    static Group ToGroup(Cell c, Mask mask)
    {
        if (mask.Row) return new Group(c.TeamId, c.Team, 0, true, null, new Dictionary<string, double?>());
        double? enps = mask.Enps || c.EnpsAnswers == 0 ? null : 100.0 * (c.Promoters - c.Detractors) / c.EnpsAnswers;
        return new Group(c.TeamId, c.Team, c.Responses, false, enps,
            c.Items.ToDictionary(i => i.Key,
                i => mask.Items[i.Key] ? null : (double?)(i.Value.Total / i.Value.Answers)));
    }
}
