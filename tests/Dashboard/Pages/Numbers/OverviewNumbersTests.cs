using System.Text.RegularExpressions;

namespace Impact.Tests.Dashboard.Pages.Numbers;

/// <summary>Every figure of the overview against `impact estimate --json` or a query written here.</summary>
public sealed partial class OverviewNumbersTests : NumbersFixture
{
    [Test]
    public async Task Counts_matrix_completion_table_and_metric_cards_equal_the_json_and_sql_at_two_decimals()
    {
        var html = await Org.HtmlAsync("/");
        var figures = new Figures("overview");
        await CheckCountsAsync(html, figures);
        CheckMatrix(html, figures);
        await CheckCompletionTableAsync(html, figures);
        await CheckMetricCardsAsync(html, figures);
        figures.AssertAllAgree();
    }

    async Task CheckCountsAsync(string html, Figures figures)
    {
        var expected = new Dictionary<string, string>
        {
            ["employees"] = "SELECT COUNT(*) FROM employees",
            ["teams"] = "SELECT COUNT(*) FROM teams",
            ["interventions"] = "SELECT COUNT(*) FROM interventions",
            ["completions"] = "SELECT COUNT(*) FROM completions",
            ["performance metrics"] = "SELECT COUNT(*) FROM metrics WHERE kind = 'performance'",
            ["KPI observations"] = "SELECT COUNT(*) FROM kpi_observations",
        };
        var shown = CountItem().Matches(html).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        Assert.That(shown.Keys, Is.EquivalentTo(expected.Keys), "the overview's counts");
        foreach (var (what, sql) in expected)
            figures.Count(what, shown[what], (await Org.QueryAsync<long>(sql)).Single());
        figures.Words("run state", PageHtml.TextOf(html, "p", "outcome").Split(' ')[1], $"#{Org.LatestRun}");
    }

    void CheckMatrix(string html, Figures figures)
    {
        var matrix = PageHtml.Tables(html).Single(t => t.Html.StartsWith("<table class=\"matrix",
            StringComparison.Ordinal));
        var metrics = Regex.Matches(matrix.Html, @"<th scope=""col""><a href=""/Metrics/([^""]+)""")
            .Select(m => Uri.UnescapeDataString(m.Groups[1].Value)).ToList();
        Assert.That(metrics, Is.EquivalentTo(Org.Latest.Select(p => p.MetricId).Distinct()),
            "a column per metric the run estimated");
        var interventions = new List<string>();
        foreach (var row in matrix.Rows)
        {
            var intervention = LinkedId(row.Cells[0].Html, "Interventions");
            interventions.Add(intervention);
            for (var c = 0; c < metrics.Count; c++)
            {
                var cell = row.Cells[c + 1].Text;
                var pair = Org.Latest.SingleOrDefault(p =>
                    p.InterventionId == intervention && p.MetricId == metrics[c]);
                var where = $"matrix {intervention} × {metrics[c]}";
                if (pair is null)
                {
                    figures.Words(where, cell, "not estimated");
                    continue;
                }
                var word = VerdictWord(pair.Verdict);
                figures.Words(where + " verdict", cell.StartsWith(word, StringComparison.Ordinal) ? word : cell, word);
                figures.Number(where + " effect", cell[Math.Min(cell.Length, word.Length)..].Trim(), pair.Estimate, 2);
            }
        }
        Assert.That(interventions, Is.EquivalentTo(Org.Latest.Select(p => p.InterventionId).Distinct()),
            "a row per intervention the run estimated");
        figures.Count("pairs in the run", Regex.Match(html, @"(\d+) intervention × metric pairs").Groups[1].Value,
            Org.Latest.Count);
        foreach (Match tile in Tile().Matches(html))
        {
            var word = tile.Groups[2].Value.Trim();
            figures.Count($"tile {word}", tile.Groups[1].Value,
                Org.Latest.Count(p => VerdictWord(p.Verdict) == word));
        }
        var estimated = Org.Latest.Count(p => p.Estimate is not null);
        var chance = Regex.Match(html, @"(\d+) pairs were estimated, .* would still look like one by chance\.");
        figures.Count("pairs estimated", chance.Groups[1].Value, estimated);
        // One in twenty tests at the 95% level shows an effect where there is none.
        figures.Words("effects by chance alone", Regex.Match(chance.Value, @"had a real effect, (.*) would").Groups[1]
            .Value, estimated < 20 ? "fewer than one" : $"about {Math.Round(estimated / 20.0):0}");
    }

    async Task CheckCompletionTableAsync(string html, Figures figures)
    {
        var interventions = (await Org.QueryAsync<(string Id, string Name)>(
            "SELECT intervention_id, COALESCE(name, intervention_id) FROM interventions")).ToDictionary(
            i => i.Name, i => i.Id);
        var metrics = (await Org.QueryAsync<(string Id, string Name)>("SELECT metric_id, name FROM metrics"))
            .ToDictionary(m => m.Name, m => m.Id);
        var table = PageHtml.TableHeaded(html, "Intervention", "Metric", "Completion rate", "Naive difference");
        foreach (var row in table.Rows)
        {
            var t = row.Texts;
            var pair = Org.Pair(interventions[t[0]], metrics[t[1]]);
            var where = $"completion table {pair.InterventionId} × {pair.MetricId}";
            figures.Percent(where + " completion rate", t[2], pair.CompletionRate, 0);
            figures.Number(where + " naive difference", t[3], pair.NaiveDifference, 2);
            figures.Number(where + " effect", t[4], pair.Estimate, 2);
            figures.Interval(where + " 95% CI", t[5], pair.CiLow, pair.CiHigh, 2);
            figures.Words(where + " verdict", t[6], VerdictWord(pair.Verdict));
        }
        figures.Count("completion table rows", table.Rows.Count.ToString(),
            Org.Latest.Count(p => p.Estimate is not null));
    }

    async Task CheckMetricCardsAsync(string html, Figures figures)
    {
        var observations = await Org.QueryAsync<(string Metric, string Period, double Value)>(
            "SELECT metric_id, period_start, value FROM kpi_observations");
        var directions = (await Org.QueryAsync<(string Id, string Direction)>(
            "SELECT metric_id, direction FROM metrics")).ToDictionary(m => m.Id, m => m.Direction);
        var cards = PageHtml.Blocks(html, "article", "metric");
        Assert.That(cards.Select(c => LinkedId(c, "Metrics")),
            Is.EquivalentTo(await Org.QueryAsync<string>("SELECT metric_id FROM metrics")), "a card per metric");
        foreach (var card in cards)
        {
            var metric = LinkedId(card, "Metrics");
            var mine = observations.Where(o => o.Metric == metric).ToList();
            var means = mine.GroupBy(o => o.Period).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (Period: g.Key, Mean: g.Average(o => o.Value))).ToList();
            var counted = Regex.Match(PageHtml.Text(card), @"· ([\d,]+) observations(, (\S+) to (\S+))?");
            figures.Count($"card {metric} observations", counted.Groups[1].Value, mine.Count);
            if (means.Count == 0) continue;
            figures.Words($"card {metric} first period", counted.Groups[3].Value, means[0].Period);
            figures.Words($"card {metric} last period", counted.Groups[4].Value, means[^1].Period);
            figures.Number($"card {metric} latest mean", PageHtml.TextOf(card, "span", "value"), means[^1].Mean, 2);
            var change = means[^1].Mean - means[0].Mean;
            var said = Regex.Match(PageHtml.Text(ChangeSpan().Match(card).Value), @"^(\S+) .*since (\S+), (\w+)");
            figures.Number($"card {metric} change", said.Groups[1].Value, change, 2);
            figures.Words($"card {metric} change since", said.Groups[2].Value, means[0].Period);
            var better = change > 0 == (directions[metric] == "higher_is_better");
            figures.Words($"card {metric} better or worse", said.Groups[3].Value,
                change == 0 ? "change" : better ? "better" : "worse");
        }
    }

    [GeneratedRegex(@"<li><strong>([\d,]+)</strong> ([\w ]+)</li>")]
    private static partial Regex CountItem();

    // The change's span holds the arrow's own span, so it ends at the second closing tag.
    [GeneratedRegex(@"<span class=""change [^""]*"">.*?</span>.*?</span>", RegexOptions.Singleline)]
    private static partial Regex ChangeSpan();

    [GeneratedRegex(@"<div class=""tile [^""]*"">\s*<span class=""big"">(\d+)</span>([^<]+)</div>")]
    private static partial Regex Tile();
}
