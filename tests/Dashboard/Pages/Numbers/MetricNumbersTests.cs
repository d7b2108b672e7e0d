using System.Net;
using System.Text.RegularExpressions;
using Impact.Models.Estimation;

namespace Impact.Tests.Dashboard.Pages.Numbers;

/// <summary>Every figure of each performance metric's page against `impact estimate --json` or a query written
/// here: the trend table, the estimates, completions per month beside the trend, the event study, who it
/// worked for and the high performers' findings.</summary>
public sealed partial class MetricNumbersTests : NumbersFixture
{
    [Test]
    public async Task Trend_estimates_waves_event_study_and_groups_equal_the_json_and_sql_at_the_page_precision()
    {
        var figures = new Figures("metric pages");
        var finished = await Org.QueryAsync<(string Intervention, string Employee, string Day)>(
            "SELECT intervention_id, employee_id, completed_on FROM completions WHERE status IN ('completed', " +
            "'passed')");
        foreach (var metric in await Org.QueryAsync<string>(
                     "SELECT metric_id FROM metrics WHERE kind = 'performance' ORDER BY metric_id"))
        {
            var html = await Org.HtmlAsync($"/Metrics/{Uri.EscapeDataString(metric)}");
            var trend = await TrendAsync(metric);
            TrendTable.Check(metric, html, trend, figures);
            var pairs = Org.Latest.Where(p => p.MetricId == metric).OrderBy(p => p.InterventionId,
                StringComparer.Ordinal).ToList();
            CheckEstimates(metric, html, pairs, figures);
            CheckWavesAndEventStudies(metric, html, pairs, trend, finished, figures);
            await CheckGroupsAsync(metric, html, pairs, figures);
            CheckHighPerformers(metric, html, pairs, figures);
        }
        figures.AssertAllAgree();
    }

    // Every observation read back and summarised here, not from the per-period stats the page reads.
    async Task<List<TrendTable.Period>> TrendAsync(string metric) => TrendTable.Of(
        await Org.QueryAsync<(string Period, double Value)>(
            "SELECT period_start, value FROM kpi_observations WHERE metric_id = @metric", new { metric }));

    static void CheckEstimates(string metric, string html, List<PairResult> pairs, Figures figures)
    {
        if (pairs.Count == 0) return;
        var table = PageHtml.Tables(html).SingleOrDefault(t => t.Head.Count > 3 && t.Head[0] == "Intervention" &&
            t.Head[1] == "Verdict");
        if (table is null)
        {
            figures.Fail($"{metric}: no table of the {pairs.Count} estimates");
            return;
        }
        var rows = table.Rows.Where(r => r.Cells.Count == 7).ToList();
        var reasons = table.Rows.Where(r => r.Cells.Count == 1).Select(r => r.Cells[0].Text).ToList();
        figures.Count($"{metric} estimates", rows.Count.ToString(), pairs.Count);
        foreach (var ((row, reason), pair) in rows.Zip(reasons).Zip(pairs))
        {
            var t = row.Texts;
            var where = $"{metric} estimate of {pair.InterventionId}";
            figures.Words(where, LinkedId(row.Html, "Interventions"), pair.InterventionId);
            figures.Words(where + " verdict", t[1], VerdictWord(pair.Verdict));
            figures.Number(where + " effect", t[2], pair.Estimate, 2);
            figures.Interval(where + " 95% CI", t[3], pair.CiLow, pair.CiHigh, 2);
            figures.Probability(where + " q", t[4], pair.QValue);
            figures.Words(where + " clusters", t[5], Clusters(pair));
            figures.Number(where + " naive difference", t[6], pair.NaiveDifference, 2);
            figures.Words(where + " reason", reason, Collapse(pair.Reason));
        }
    }

    static void CheckWavesAndEventStudies(string metric, string html, List<PairResult> pairs,
        List<TrendTable.Period> trend, List<(string Intervention, string Employee, string Day)> finished,
        Figures figures)
    {
        var articles = PageHtml.Blocks(html, "article", "pair-charts");
        figures.Count($"{metric} intervention charts", articles.Count.ToString(), pairs.Count);
        foreach (var (article, pair) in articles.Zip(pairs))
        {
            var where = $"{metric} × {pair.InterventionId}";
            figures.Words(where + " charts", Uri.UnescapeDataString(
                WavesLink().Match(article).Groups[1].Value), pair.InterventionId);
            // People finishing per calendar month: each person once a month, however often they finished in it.
            var people = finished.Where(f => f.Intervention == pair.InterventionId)
                .GroupBy(f => f.Day[..7] + "-01").ToDictionary(g => g.Key, g => g.Select(f => f.Employee)
                    .Distinct().Count());
            var means = trend.ToDictionary(p => p.Start, p => p.Mean);
            var months = means.Keys.Union(people.Keys).Order(StringComparer.Ordinal).ToList();
            var waves = PageHtml.TableHeaded(article, "Period start", "Mean", "People finishing");
            figures.Count(where + " wave rows", waves.Rows.Count.ToString(), months.Count);
            foreach (var (row, month) in waves.Rows.Zip(months))
            {
                var t = row.Texts;
                figures.Words(where + " wave period", t[0], month);
                figures.Number($"{where} mean in {month}", t[1], means.TryGetValue(month, out var m) ? m : null, 2);
                figures.Count($"{where} people finishing in {month}", t[2], people.GetValueOrDefault(month));
            }
            CheckFinding(where, PageHtml.TextOf(article, "p", "finding"), pair, figures);
            var events = PageHtml.TablesHeaded(article, "Period (0 = completion)");
            figures.Count(where + " event studies", events.Count.ToString(), pair.EventStudy.Count > 0 ? 1 : 0);
            if (events.Count == 0) continue;
            figures.Count(where + " event study points", events[0].Rows.Count.ToString(), pair.EventStudy.Count);
            foreach (var (row, point) in events[0].Rows.Zip(pair.EventStudy))
            {
                var t = row.Texts;
                var at = $"{where} event study at {point.RelativePeriod}";
                figures.Count(at, t[0], point.RelativePeriod);
                figures.Number(at + " effect", t[1], point.Estimate, 2);
                figures.Interval(at + " 95% CI", t[2], point.CiLow, point.CiHigh, 2);
            }
        }
    }

    // The finding over the pair's charts: the effect (as a size, its sign in the verb) or the interval, written
    // to about three significant digits, and the raw gap where it says completers already differed.
    static void CheckFinding(string where, string finding, PairResult pair, Figures figures)
    {
        var size = Regex.Match(finding, @" (raised|lowered) .* by (\S+) .*per person \(95% CI (\S+) to (\S+)\)");
        var interval = Regex.Match(finding, @"(?:95% CI|anywhere from) (\S+) to ([^\s)]+)");
        switch (pair.Verdict)
        {
            case Verdicts.Improved or Verdicts.Worsened:
                figures.Words(where + " finding's verb", size.Groups[1].Value,
                    pair.Estimate > 0 ? "raised" : "lowered");
                figures.Rounded(where + " finding's effect", size.Groups[2].Value, Math.Abs(pair.Estimate ?? 0));
                break;
            case Verdicts.Insufficient:
                figures.Words(where + " finding", finding.EndsWith("not enough evidence to estimate an effect.",
                    StringComparison.Ordinal) ? "not enough evidence" : finding, "not enough evidence");
                return;
        }
        figures.Rounded(where + " finding's 95% CI low", interval.Groups[1].Value, pair.CiLow);
        figures.Rounded(where + " finding's 95% CI high", interval.Groups[2].Value, pair.CiHigh);
        if (Regex.Match(finding, @"raw gap (\S+?)[ )]") is { Success: true } gap)
            figures.Number(where + " finding's raw gap", gap.Groups[1].Value, pair.NaiveDifference, 2);
    }

    async Task CheckGroupsAsync(string metric, string html, List<PairResult> pairs, Figures figures)
    {
        var names = (await Org.QueryAsync<(string Id, string Name)>(
            "SELECT intervention_id, COALESCE(name, intervention_id) FROM interventions")).ToDictionary(
            i => i.Name, i => i.Id);
        var shown = GroupsTable().Matches(html).ToDictionary(m => names[WebUtility.HtmlDecode(m.Groups[1].Value)],
            m => PageHtml.Tables(m.Value).Single());
        Assert.That(shown.Keys, Is.EquivalentTo(pairs.Where(p => p.Heterogeneity.Count > 0)
            .Select(p => p.InterventionId)), $"{metric}: a group table per pair with groups");
        var sentences = WhoSentence().Matches(html).Select(m => PageHtml.Text(m.Groups[1].Value)).ToList();
        foreach (var (intervention, table) in shown)
        {
            var groups = Org.Pair(intervention, metric).Heterogeneity;
            var name = names.Single(n => n.Value == intervention).Key;
            CheckWhoSentence($"{metric} × {intervention}", sentences.SingleOrDefault(t => t.StartsWith(
                name + " changed it most", StringComparison.Ordinal)) ?? "", groups, figures);
            figures.Count($"{metric} × {intervention} groups", table.Rows.Count.ToString(), groups.Count);
            foreach (var row in table.Rows)
            {
                var t = row.Texts;
                var where = $"{metric} × {intervention} group {t[0]}";
                var group = groups.SingleOrDefault(g => $"{Words(g.Group)}: {g.Label}" == t[0]);
                if (group is null)
                {
                    figures.Fail(where + ": no such group in the JSON");
                    continue;
                }
                figures.Number(where + " effect", t[1], group.Estimate, 2);
                figures.Interval(where + " 95% CI", t[2], group.CiLow, group.CiHigh, 2);
                figures.Count(where + " completers", t[3], group.NTreated);
                figures.Probability(where + " q", t[4], group.QValue);
            }
        }
    }

    // "X changed it most for role lead (+1.20 units, 95% CI [+0.10, +2.30]) and least for …, across N groups".
    static void CheckWhoSentence(string where, string sentence, IReadOnlyList<GroupEffect> groups, Figures figures)
    {
        var said = Regex.Match(sentence, @"most for (.+) \((\S+).*?, 95% CI (\[[^\]]+\])\) and least for (.+) " +
            @"\((\S+).*?, 95% CI (\[[^\]]+\])\), across (\d+) groups");
        var (most, least) = (groups.MaxBy(g => g.Estimate)!, groups.MinBy(g => g.Estimate)!);
        foreach (var (g, at, end) in new[] { (most, 1, "most"), (least, 4, "least") })
        {
            figures.Words($"{where} who it worked {end} for", said.Groups[at].Value,
                $"{Words(g.Group).ToLowerInvariant()} {g.Label}");
            figures.Number($"{where} who it worked {end} for, effect", said.Groups[at + 1].Value, g.Estimate, 2);
            figures.Interval($"{where} who it worked {end} for, 95% CI", said.Groups[at + 2].Value, g.CiLow, g.CiHigh,
                2);
        }
        figures.Count($"{where} groups in the sentence", said.Groups[7].Value, groups.Count);
    }

    static void CheckHighPerformers(string metric, string html, List<PairResult> pairs, Figures figures)
    {
        var expected = pairs.Select(p => p.HighPerformers).FirstOrDefault(h => h.Count > 0) ?? [];
        var shown = Regex.Matches(PageHtml.Blocks(html, "ul", "findings").FirstOrDefault() ?? "", "<li>(.*?)</li>",
            RegexOptions.Singleline).Select(m => PageHtml.Text(m.Groups[1].Value)).ToList();
        figures.Count($"{metric} high-performer findings", shown.Count.ToString(), expected.Count);
        foreach (var (text, finding) in shown.Zip(expected))
            figures.Words($"{metric} high-performer finding", text, Collapse(finding));
    }

    static string Words(string name)
    {
        var words = name.Replace('_', ' ').Replace('-', ' ').Trim();
        return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..];
    }

    [GeneratedRegex(@"<p>([^<]* changed it most for [^<]*)</p>")]
    private static partial Regex WhoSentence();

    [GeneratedRegex(@"\?handler=Waves&amp;intervention=([^&""]+)")]
    private static partial Regex WavesLink();

    [GeneratedRegex(@"aria-label=""Effects of (.*?) by group"">\s*<table class=""groups[^""]*"">.*?</table>",
        RegexOptions.Singleline)]
    private static partial Regex GroupsTable();
}
