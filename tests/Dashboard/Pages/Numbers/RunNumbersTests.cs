using System.Text.RegularExpressions;
using Impact.Models.Estimation;

namespace Impact.Tests.Dashboard.Pages.Numbers;

/// <summary>Every figure of the estimate runs page against what `impact estimate --json` printed for each run:
/// pairs and estimates per run, and the two runs side by side.</summary>
public sealed partial class RunNumbersTests : NumbersFixture
{
    [Test]
    public async Task Run_list_and_side_by_side_comparison_equal_both_runs_json_at_two_decimals()
    {
        var html = await Org.HtmlAsync("/Runs");
        var figures = new Figures("runs page");
        await CheckRunListAsync(html, figures);
        await CheckComparisonAsync(html, figures);
        figures.AssertAllAgree();
    }

    async Task CheckRunListAsync(string html, Figures figures)
    {
        var printed = new Dictionary<long, IReadOnlyList<PairResult>>
        {
            [Org.EarlierRun] = Org.Earlier, [Org.LatestRun] = Org.Latest,
        };
        var started = (await Org.QueryAsync<(long Run, string Started)>(
            "SELECT run_id, started_at FROM estimate_runs")).ToDictionary(r => r.Run, r => r.Started);
        var table = PageHtml.TableHeaded(html, "Run", "Started", "Outcome", "Pairs", "Estimated");
        figures.Count("runs listed", table.Rows.Count.ToString(), started.Count);
        foreach (var row in table.Rows)
        {
            var t = row.Texts;
            var run = long.Parse(t[0].TrimStart('#'), System.Globalization.CultureInfo.InvariantCulture);
            figures.Words($"run {run} started", t[1][..16], started[run][..16].Replace('T', ' '));
            figures.Count($"run {run} pairs", t[3], printed[run].Count);
            figures.Count($"run {run} estimated", t[4], printed[run].Count(p => p.Estimate is not null));
        }
    }

    async Task CheckComparisonAsync(string html, Figures figures)
    {
        var names = await Org.QueryAsync<(string Id, string Name)>(
            "SELECT intervention_id, COALESCE(name, intervention_id) FROM interventions UNION ALL " +
            "SELECT metric_id, name FROM metrics");
        string Name(string id) => names.First(n => n.Id == id).Name;
        var pairs = Org.Earlier.Select(p => (p.InterventionId, p.MetricId))
            .Union(Org.Latest.Select(p => (p.InterventionId, p.MetricId))).ToList();
        var table = PageHtml.TableHeaded(html, "Intervention and metric", $"Run #{Org.EarlierRun}",
            $"Run #{Org.LatestRun}", "Change (newer − older)");
        figures.Count("pairs compared", table.Rows.Count.ToString(), pairs.Count);
        var changed = 0;
        foreach (var (intervention, metric) in pairs)
        {
            var where = $"comparison {intervention} × {metric}";
            var older = Org.Earlier.SingleOrDefault(p => p.InterventionId == intervention && p.MetricId == metric);
            var newer = Org.Latest.SingleOrDefault(p => p.InterventionId == intervention && p.MetricId == metric);
            var row = table.Rows.SingleOrDefault(r => r.Texts[0] == $"{Name(intervention)} on {Name(metric)}");
            if (row is null)
            {
                figures.Fail($"{where}: no row");
                continue;
            }
            CheckSide(where + " older", row.Texts[1], older, figures);
            CheckSide(where + " newer", row.Texts[2], newer, figures);
            var verdictChanged = older is not null && newer is not null && older.Verdict != newer.Verdict;
            if (verdictChanged) changed++;
            // A pair stored with the very same figures in both runs (carried over) shows no row of zero changes.
            var sameFigures = older is not null && newer is not null && !verdictChanged &&
                older.Estimate == newer.Estimate && older.CiLow == newer.CiLow && older.CiHigh == newer.CiHigh;
            var change = Regex.Match(row.Texts[3], @"^(Verdict changed|Same verdict and estimate|Same verdict|" +
                @"In one run only)(?: effect (\S+) interval (\S+) to (\S+))?$");
            figures.Words(where + " change", change.Groups[1].Value, verdictChanged ? "Verdict changed"
                : sameFigures ? "Same verdict and estimate"
                : older is not null && newer is not null ? "Same verdict" : "In one run only");
            if (sameFigures) figures.Words(where + " changes shown", change.Groups[2].Value, "");
            if (sameFigures || newer?.Estimate is null || older?.Estimate is null) continue;
            figures.Number(where + " effect change", change.Groups[2].Value, newer.Estimate - older.Estimate, 2);
            figures.Number(where + " low bound change", change.Groups[3].Value, newer.CiLow - older.CiLow, 2);
            figures.Number(where + " high bound change", change.Groups[4].Value, newer.CiHigh - older.CiHigh, 2);
        }
        var sentence = Regex.Match(PageHtml.Text(Regex.Match(html, @"<p class=""outcome"" id=""changed-sentence"">" +
            ".*?</p>", RegexOptions.Singleline).Value), @"^(\d+) of (\d+) verdicts changed.*?(?:\((\d+) more pairs)?");
        var inBoth = pairs.Count(p => Org.Earlier.Any(e => (e.InterventionId, e.MetricId) == p) &&
            Org.Latest.Any(l => (l.InterventionId, l.MetricId) == p));
        figures.Count("verdicts changed", sentence.Groups[1].Value, changed);
        figures.Count("pairs in both runs", sentence.Groups[2].Value, inBoth);
        figures.Count("pairs in one run only", Regex.Match(html, @"\((\d+) more pairs are in only one").Groups[1]
            .Value is { Length: > 0 } more ? more : "0", pairs.Count - inBoth);
    }

    static void CheckSide(string where, string shown, PairResult? pair, Figures figures)
    {
        if (pair is null)
        {
            figures.Words(where, shown, "not in this run");
            return;
        }
        var word = VerdictWord(pair.Verdict);
        figures.Words(where + " verdict", shown.StartsWith(word, StringComparison.Ordinal) ? word : shown, word);
        var rest = shown[Math.Min(shown.Length, word.Length)..].Trim();
        if (pair.Estimate is null)
        {
            figures.Words(where + " effect", rest, "");
            return;
        }
        var parts = Regex.Match(rest, @"^(\S+) (\[.*\]|–)$");
        figures.Number(where + " effect", parts.Groups[1].Value, pair.Estimate, 2);
        figures.Interval(where + " 95% CI", parts.Groups[2].Value, pair.CiLow, pair.CiHigh, 2);
    }
}
