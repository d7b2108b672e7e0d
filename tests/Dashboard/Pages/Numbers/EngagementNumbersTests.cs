using System.Net;
using System.Text.RegularExpressions;
using Impact.Warehouse.Surveys;

namespace Impact.Tests.Dashboard.Pages.Numbers;

/// <summary>Every figure of the engagement pages against queries written here: responses, eNPS and each item's
/// mean per team and wave and for the whole organisation; and no figure of a group under the minimum size, nor
/// of a set of hidden groups that together stay under it (they could be worked out from the total).</summary>
public sealed partial class EngagementNumbersTests : NumbersFixture
{
    const int Minimum = GroupSizeRule.Default;

    sealed record Answer(string Survey, string? Team, string? Role, string Response, long? Enps, string? Item,
        long? Score);

    sealed record Figure(long Responses, long EnpsAnswers, double? Enps,
        IReadOnlyDictionary<string, (long Answers, double Mean)> Items);

    List<Answer> answers = [];

    [OneTimeSetUp]
    public async Task ReadAnswers() => answers = await Org.QueryAsync<Answer>("""
        SELECT r.survey_id AS Survey, r.team_id AS Team, e.role AS Role, r.response_id AS Response,
               r.enps AS Enps, a.item AS Item, a.score AS Score
        FROM survey_responses r LEFT JOIN survey_answers a ON a.response_id = r.response_id
        LEFT JOIN employees e ON e.employee_id = r.respondent_id
        """);

    [Test]
    public async Task Team_heat_map_equals_sql_at_two_decimals_and_eNPS_whole_and_shows_no_small_group()
    {
        var figures = new Figures("engagement per team");
        await CheckHeatMapAsync("/Engagement", _ => true, figures);
        figures.AssertAllAgree();
    }

    [Test]
    public async Task Heat_map_of_one_role_equals_sql_over_its_people_and_leaves_no_small_rest_of_a_team()
    {
        var figures = new Figures("engagement of one role");
        var role = (await Org.QueryAsync<string>("SELECT MIN(role) FROM employees")).Single();
        await CheckHeatMapAsync($"/Engagement?role={Uri.EscapeDataString(role)}", a => a.Role == role, figures);
        figures.AssertAllAgree();
    }

    // Each wave's table: the whole organisation (never filtered), then each team's group in the view; a shown
    // group and what the rest of its team would be (its total is on the unfiltered page) both at the minimum.
    async Task CheckHeatMapAsync(string url, Func<Answer, bool> inView, Figures figures)
    {
        var html = await Org.HtmlAsync(url);
        figures.Count("minimum group size", Regex.Match(html, @"Groups with fewer than (\d+) responses").Groups[1]
            .Value, Minimum);
        var teams = (await Org.QueryAsync<(string Id, string? Name)>("SELECT team_id, name FROM teams"))
            .ToDictionary(t => t.Name ?? t.Id, t => t.Id);
        var sections = PageHtml.Blocks(html, "section", "card survey");
        figures.Count("survey waves", sections.Count.ToString(), answers.Select(a => a.Survey).Distinct().Count());
        foreach (var section in sections)
        {
            var wave = WebUtility.HtmlDecode(Regex.Match(section, @"<summary>([^<]+?) <span").Groups[1].Value);
            var mine = answers.Where(a => a.Survey == wave).ToList();
            var items = ItemsOf(mine);
            var table = PageHtml.Tables(section).Single();
            figures.Count($"{wave} item columns", (table.Head.Count - 3).ToString(), items.Count);
            var hiddenResponses = 0L;
            foreach (var row in table.Rows)
            {
                var name = row.Texts[0];
                if (name == "Whole organisation")
                {
                    CheckRow($"{wave} organisation", row.Texts.Skip(1).ToList(), FigureOf(mine), items, figures);
                    continue;
                }
                var team = teams.GetValueOrDefault(name, name);
                var whole = FigureOf(mine.Where(a => a.Team == team));
                var expected = FigureOf(mine.Where(a => a.Team == team && inView(a)));
                if (row.Cells[1].Html.Contains("hidden-group", StringComparison.Ordinal))
                {
                    hiddenResponses += expected.Responses;
                    figures.Words($"{wave} {name} hidden", row.Texts[1], $"hidden: fewer than {Minimum} responses, " +
                        "or it would reveal a smaller group");
                    continue;
                }
                if (whole.Responses - expected.Responses is > 0 and < Minimum)
                    figures.Fail($"{wave} {name}: shown with {expected.Responses} of the team's {whole.Responses} " +
                        "responses, so the team's total gives the rest away");
                CheckRow($"{wave} {name}", row.Texts.Skip(1).ToList(), expected, items, figures);
            }
            var inWave = mine.Where(inView).Select(a => a.Team).Distinct().ToList();
            var teamRows = table.Rows.Count(r => r.Texts[0] != "Whole organisation");
            figures.Count($"{wave} teams listed", teamRows.ToString(), inWave.Count);
            if (hiddenResponses is > 0 and < Minimum && url == "/Engagement")
                figures.Fail($"{wave}: the hidden teams hold {hiddenResponses} responses together, fewer than " +
                    $"{Minimum}: the organisation's total gives them away");
        }
    }

    [Test]
    public async Task Organisation_summary_equals_sql_per_wave_at_two_decimals_and_eNPS_whole()
    {
        var html = await Org.HtmlAsync("/Engagement/Summary");
        var figures = new Figures("engagement summary");
        var table = PageHtml.TableHeaded(html, "Wave", "Dates", "Responses", "eNPS");
        var waves = answers.Select(a => a.Survey).Distinct().ToList();
        figures.Count("survey waves", table.Rows.Count.ToString(), waves.Count);
        var everyItem = ItemsOf(answers);
        figures.Count("item columns", (table.Head.Count - 4).ToString(), everyItem.Count);
        foreach (var row in table.Rows)
        {
            var wave = row.Texts[0];
            var mine = answers.Where(a => a.Survey == wave).ToList();
            var expected = FigureOf(mine);
            if (row.Cells.Count == 3)
            {
                if (expected.Responses >= Minimum) figures.Fail($"{wave}: hidden with {expected.Responses} responses");
                continue;
            }
            CheckRow(wave, row.Texts.Skip(2).ToList(), expected, everyItem, figures);
        }
        await CheckSentencesAsync(html, everyItem, figures);
        figures.AssertAllAgree();
    }

    // The item that moved most from its first wave to its last, and eNPS from first to last (every wave of the
    // sample is big enough to show).
    async Task CheckSentencesAsync(string html, List<string> items, Figures figures)
    {
        var questions = (await Org.QueryAsync<(string Item, string Question)>(
            "SELECT item, question FROM survey_items")).ToDictionary(q => q.Item, q => q.Question);
        var waves = answers.GroupBy(a => a.Survey).OrderBy(w => w.Min(a => a.Survey), StringComparer.Ordinal)
            .Select(w => FigureOf(w)).ToList();
        var moved = items.Select(i => (Item: i, Means: waves.Where(w => w.Items.ContainsKey(i))
                .Select(w => w.Items[i].Mean).ToList()))
            .MaxBy(i => Math.Abs(i.Means[^1] - i.Means[0]));
        var sentences = PageHtml.Blocks(html, "p", "finding").Select(PageHtml.Text).ToList();
        var itemSentence = Regex.Match(sentences.FirstOrDefault() ?? "",
            @"^Across (\d+) waves .*, “(.+)” moved most: (\S+) to (\S+) \((\S+) on the 1–5 scale\)\.$");
        figures.Count("waves in the items sentence", itemSentence.Groups[1].Value, moved.Means.Count);
        figures.Words("item that moved most", itemSentence.Groups[2].Value,
            questions.GetValueOrDefault(moved.Item, moved.Item));
        figures.Number("its first mean", itemSentence.Groups[3].Value, moved.Means[0], 2);
        figures.Number("its last mean", itemSentence.Groups[4].Value, moved.Means[^1], 2);
        figures.Number("its move", itemSentence.Groups[5].Value, moved.Means[^1] - moved.Means[0], 2);
        var enps = Regex.Match(sentences.ElementAtOrDefault(1) ?? "",
            @"^eNPS went from (\S+) in .* to (\S+) in .* \((\S+) points\)\.$");
        figures.Number("eNPS in the first wave", enps.Groups[1].Value, waves[0].Enps, 0);
        figures.Number("eNPS in the last wave", enps.Groups[2].Value, waves[^1].Enps, 0);
        figures.Number("eNPS change", enps.Groups[3].Value, waves[^1].Enps - waves[0].Enps, 0);
    }

    // Responses, eNPS, then one mean per item; a figure under the minimum must not be shown.
    static void CheckRow(string where, List<string> shown, Figure expected, List<string> items, Figures figures)
    {
        if (expected.Responses < Minimum) figures.Fail($"{where}: shown with {expected.Responses} responses");
        figures.Count(where + " responses", shown[0], expected.Responses);
        // A hidden figure shows a dash (or "hidden"); a group may be hidden beyond the minimum, to protect another.
        if (Figures.Parse(shown[1]) is null) figures.Words(where + " eNPS hidden", "hidden", "hidden");
        else if (expected.EnpsAnswers < Minimum)
            figures.Fail($"{where} eNPS: shown with {expected.EnpsAnswers} answers");
        else figures.Number(where + " eNPS", shown[1], expected.Enps, 0);
        for (var i = 0; i < items.Count; i++)
        {
            var cell = shown[2 + i];
            if (!expected.Items.TryGetValue(items[i], out var item)) figures.Words($"{where} {items[i]}", cell, "–");
            else if (Figures.Parse(cell) is null) figures.Words($"{where} {items[i]} hidden", "hidden", "hidden");
            else if (item.Answers < Minimum) figures.Fail($"{where} {items[i]}: shown with {item.Answers} answers");
            else figures.Number($"{where} {items[i]} mean", cell, item.Mean, 2);
        }
    }

    static List<string> ItemsOf(IEnumerable<Answer> rows) =>
        rows.Where(a => a.Item is not null).Select(a => a.Item!).Distinct().Order(StringComparer.Ordinal).ToList();

    // eNPS: the share of promoters (9-10) minus the share of detractors (0-6) among those who answered it.
    static Figure FigureOf(IEnumerable<Answer> rows)
    {
        var list = rows.ToList();
        var responses = list.DistinctBy(a => a.Response).ToList();
        var enps = responses.Where(r => r.Enps is not null).ToList();
        return new Figure(responses.Count, enps.Count,
            enps.Count == 0 ? null
                : 100.0 * (enps.Count(r => r.Enps >= 9) - enps.Count(r => r.Enps <= 6)) / enps.Count,
            list.Where(a => a.Item is not null).GroupBy(a => a.Item!).ToDictionary(g => g.Key,
                g => ((long)g.Count(), g.Average(a => (double)a.Score!))));
    }
}
