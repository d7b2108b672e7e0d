using System.Globalization;
using System.Text.RegularExpressions;
using Impact.Models.Estimation;

namespace Impact.Tests.Dashboard.Pages.Numbers;

/// <summary>Every figure of the interventions list and of each intervention's page against `impact estimate
/// --json` or a query written here: people who finished, cost, completions per month, the effect on each
/// metric and every fact of its evidence.</summary>
public sealed partial class InterventionNumbersTests : NumbersFixture
{
    sealed record Intervention(string Id, string Kind, double? Cost, string? Currency);

    [Test]
    public async Task List_rollout_effects_and_evidence_equal_the_json_and_sql_at_the_page_precision()
    {
        var figures = new Figures("intervention pages");
        var interventions = await Org.QueryAsync<Intervention>(
            "SELECT intervention_id AS Id, kind AS Kind, cost_per_participant AS Cost, currency AS Currency " +
            "FROM interventions ORDER BY intervention_id");
        var finished = await Org.QueryAsync<(string Intervention, string Employee, string Day)>(
            "SELECT intervention_id, employee_id, completed_on FROM completions WHERE status IN ('completed', " +
            "'passed')");
        await CheckListAsync(interventions, finished, figures);
        var values = (await Org.QueryAsync<(string Metric, string Name, double? Value)>(
            "SELECT metric_id, name, value_per_unit FROM metrics")).ToDictionary(m => m.Name);
        foreach (var i in interventions)
        {
            var html = await Org.HtmlAsync($"/Interventions/{Uri.EscapeDataString(i.Id)}");
            var mine = finished.Where(f => f.Intervention == i.Id).ToList();
            CheckRollout(i, html, mine, figures);
            var lede = Regex.Match(PageHtml.TextOf(html, "p", "lede"),
                @"· (\S+) (\S+) per participant · estimate run #(\d+)");
            figures.Number($"{i.Id} cost in the lede", lede.Groups[1].Value, i.Cost, 0);
            figures.Words($"{i.Id} currency in the lede", lede.Groups[2].Value, i.Currency ?? "");
            figures.Count($"{i.Id} run in the lede", lede.Groups[3].Value, Org.LatestRun);
            var pairs = Org.Latest.Where(p => p.InterventionId == i.Id).ToList();
            CheckEffects(i, html, pairs, figures);
            foreach (var pair in pairs) CheckEvidence(html, pair, figures);
            CheckValues(i, html, pairs, values, figures);
        }
        figures.AssertAllAgree();
    }

    async Task CheckListAsync(List<Intervention> interventions,
        List<(string Intervention, string Employee, string Day)> finished, Figures figures)
    {
        var html = await Org.HtmlAsync("/Interventions");
        var table = PageHtml.TableHeaded(html, "Intervention", "Kind", "Completers", "Cost per participant");
        figures.Count("interventions listed", table.Rows.Count.ToString(), interventions.Count);
        foreach (var row in table.Rows)
        {
            var id = LinkedId(row.Html, "Interventions");
            var i = interventions.Single(x => x.Id == id);
            var t = row.Texts;
            figures.Count($"list {id} completers", t[2],
                finished.Where(f => f.Intervention == id).Select(f => f.Employee).Distinct().Count());
            figures.Number($"list {id} cost per participant", t[3], i.Cost, 0);
            var verdicts = Org.Latest.Where(p => p.InterventionId == id).ToList();
            figures.Count($"list {id} verdicts", Regex.Matches(row.Html, @"<span class=""pair"">").Count.ToString(),
                verdicts.Count);
        }
    }

    static void CheckRollout(Intervention i, string html, List<(string Intervention, string Employee, string Day)>
        finished, Figures figures)
    {
        var people = finished.Select(f => f.Employee).Distinct().Count();
        var counts = Regex.Matches(html, @"<li>(?:<strong>([\d,]+)</strong> people finished it|cost per participant " +
            @"<strong>([^<]+)</strong>|cost of everyone who finished <strong>([^<]+)</strong>)</li>");
        figures.Count($"{i.Id} people finished", counts[0].Groups[1].Value, people);
        figures.Number($"{i.Id} cost per participant", counts[1].Groups[2].Value, i.Cost, 0);
        if (i.Cost is { } cost) figures.Number($"{i.Id} cost of everyone", counts[2].Groups[3].Value, cost * people, 0);
        // People finishing per calendar month: each person once a month, however often they finished in it.
        var months = finished.GroupBy(f => f.Day[..7] + "-01").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Month: g.Key, People: g.Select(f => f.Employee).Distinct().Count())).ToList();
        var waves = PageHtml.TablesHeaded(html, "Month", "People finishing");
        figures.Count($"{i.Id} rollout tables", waves.Count.ToString(), months.Count > 0 ? 1 : 0);
        if (waves.Count == 0) return;
        figures.Count($"{i.Id} rollout months", waves[0].Rows.Count.ToString(), months.Count);
        foreach (var (row, month) in waves[0].Rows.Zip(months))
        {
            figures.Words($"{i.Id} rollout month", row.Texts[0], month.Month);
            figures.Count($"{i.Id} people finishing in {month.Month}", row.Texts[1], month.People);
        }
        var peak = months.MaxBy(m => m.People);
        var sentence = Regex.Match(PageHtml.TextOf(html, "p", "finding"),
            @"^([\d,]+) people finished .*, the most in (\w+ \d{4}) \(([\d,]+)\)");
        figures.Count($"{i.Id} rollout sentence people", sentence.Groups[1].Value, people);
        figures.Words($"{i.Id} rollout sentence peak month", sentence.Groups[2].Value,
            DateOnly.ParseExact(peak.Month, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                .ToString("MMMM yyyy", CultureInfo.InvariantCulture));
        figures.Count($"{i.Id} rollout sentence peak", sentence.Groups[3].Value, peak.People);
    }

    static void CheckEffects(Intervention i, string html, List<PairResult> pairs, Figures figures)
    {
        var tables = PageHtml.TablesHeaded(html, "Metric", "Verdict", "Estimate", "95% CI");
        figures.Count($"{i.Id} effect tables", tables.Count.ToString(), pairs.Count > 0 ? 1 : 0);
        if (tables.Count == 0) return;
        figures.Count($"{i.Id} effects", tables[0].Rows.Count.ToString(), pairs.Count);
        foreach (var row in tables[0].Rows)
        {
            var metric = LinkedId(row.Html, "Metrics");
            var pair = pairs.Single(p => p.MetricId == metric);
            var t = row.Texts;
            var where = $"{i.Id} × {metric}";
            figures.Words(where + " verdict", t[1], VerdictWord(pair.Verdict));
            figures.Number(where + " effect", t[2], pair.Estimate, 2);
            figures.Interval(where + " 95% CI", t[3], pair.CiLow, pair.CiHigh, 2);
            figures.Number(where + " naive difference", t[4], pair.NaiveDifference, 2);
            figures.Probability(where + " q", t[5], pair.QValue);
            figures.Percent(where + " completion rate", t[6], pair.CompletionRate, 0);
            figures.Count(where + " treated", t[7], pair.NTreated);
            figures.Count(where + " control", t[8], pair.NControl);
        }
    }

    // Value is claimed only with a value per unit, a cost, and an interval that excludes zero; then the benefit
    // per participant and its interval are the JSON's, and the share of the cost is the benefit over the cost.
    static void CheckValues(Intervention i, string html, List<PairResult> pairs,
        Dictionary<string, (string Metric, string Name, double? Value)> values, Figures figures)
    {
        var tables = PageHtml.TablesHeaded(html, "Metric", "Value");
        if (pairs.Count == 0) return;
        var rows = tables.Single().Rows;
        figures.Count($"{i.Id} value lines", rows.Count.ToString(), pairs.Count);
        foreach (var row in rows)
        {
            var (metric, line) = (values[row.Texts[0]], row.Texts[1]);
            var pair = pairs.Single(p => p.MetricId == metric.Metric);
            var where = $"{i.Id} × {pair.MetricId} value";
            var claimed = pair.Status == PairStatus.Estimated && pair.CiLow is { } low && pair.CiHigh is { } high &&
                (low > 0 || high < 0) && metric.Value is not null && i.Cost is not null &&
                pair is { BenefitPerParticipant: not null, BenefitCiLow: not null, BenefitCiHigh: not null };
            var worth = Regex.Match(line, @"^Worth (\S+) (\S+) per participant \(95% CI (\S+) to (\S+)\)" +
                @"(?:, (\S+) of its cost per participant)?\.$");
            figures.Words(where + " claimed", worth.Success ? "claimed" : "not claimed",
                claimed ? "claimed" : "not claimed");
            if (!worth.Success || !claimed) continue;
            figures.Rounded(where + " per participant", worth.Groups[1].Value, pair.BenefitPerParticipant);
            figures.Words(where + " currency", worth.Groups[2].Value, i.Currency ?? "");
            figures.Rounded(where + " 95% CI low", worth.Groups[3].Value, pair.BenefitCiLow);
            figures.Rounded(where + " 95% CI high", worth.Groups[4].Value, pair.BenefitCiHigh);
            figures.Percent(where + " share of cost", worth.Groups[5].Value, pair.BenefitPerParticipant / i.Cost, 0);
        }
    }

    static void CheckEvidence(string html, PairResult pair, Figures figures)
    {
        var where = $"{pair.InterventionId} × {pair.MetricId} evidence";
        var section = Regex.Match(html, @"<section class=""card pair-detail"" " +
            $@"id=""m-{Regex.Escape(pair.MetricId)}"">.*?</section>", RegexOptions.Singleline).Value;
        if (pair.Status != PairStatus.Estimated)
        {
            figures.Words(where + " reason", PageHtml.TextOf(section, "p", "insufficient"),
                "Not enough evidence: " + Collapse(pair.Reason));
            return;
        }
        var facts = PageHtml.Facts(section).ToDictionary(f => f.Term, f => f.Description);
        if (!facts.TryGetValue($"Estimate ({pair.Method})", out var estimate))
        {
            figures.Fail($"{where}: no estimate by {pair.Method} among its facts");
            return;
        }
        figures.Number(where + " estimate", estimate, pair.Estimate, 2);
        figures.Interval(where + " 95% CI", Regex.Match(estimate, @"\[.*\]$").Value is { Length: > 0 } ci ? ci : "–",
            pair.CiLow, pair.CiHigh, 2);
        figures.Percent(where + " relative effect", facts["Relative effect"], pair.RelativeEffect, 1);
        figures.Number(where + " DiD", facts["Difference-in-differences"], pair.DidEstimate, 2);
        figures.Interval(where + " specification spread", facts["Specification spread"], pair.SpecLow,
            pair.SpecHigh, 2);
        figures.Number(where + " naive difference", facts["Naive difference (completion dashboard)"],
            pair.NaiveDifference, 2);
        figures.Probability(where + " q", facts["q-value across the run"].Split(" · ")[0], pair.QValue);
        figures.Words(where + " clusters", facts["Independent units (clusters)"],
            Clusters(pair));
        figures.Number(where + " minimum detectable effect", facts["Smallest effect this data could detect"],
            pair.MinimumDetectableEffect, 2);
        var pretrendAndPlacebo = facts["Pre-trend p / placebo p"].Split(" / ");
        figures.Number(where + " pre-trend p", pretrendAndPlacebo[0], pair.PretrendP, 3);
        figures.Number(where + " placebo p", pretrendAndPlacebo[1], pair.PlaceboP, 3);
        figures.Number(where + " largest pre-period deviation", facts["Largest pre-period deviation"],
            pair.LargestPreDeviation, 2);
        figures.Number(where + " effective comparison group", facts["Effective comparison group"],
            pair.EffectiveNControl, 0);
        figures.Number(where + " robustness", facts["Robustness"], pair.Robustness, 2);
        figures.Number(where + " periods excluded", facts.GetValueOrDefault("Periods excluded before completion") ??
            "–", pair.Anticipation is > 0 ? pair.Anticipation : null, 0);
    }
}
