using System.Net;
using System.Text.RegularExpressions;
using Impact.Tests.Ingest;
using Impact.Warehouse.Accounts;

namespace Impact.Tests.Dashboard.Pages.Engagement;

/// <summary>
/// The summary's trend per item and eNPS across waves, and the per-team heat map, on a survey whose every number
/// is worked out by hand: three teams of six answering Q1 in March and June 2025, and a September wave of three
/// answers that must stay hidden everywhere.
/// </summary>
public sealed class TrendAndHeatMapTests
{
    // March: TA all 5 (promoters), TB all 2 and TC all 3 (detractors); June: TA 4, TB 2, TC 3; September: 3 answers.
    static string Survey()
    {
        var rows = new List<string>();
        foreach (var (team, march, june, enps) in new[] { ("TA", 5, 4, 10), ("TB", 2, 2, 0), ("TC", 3, 3, 6) })
            for (var i = 1; i <= 6; i++)
            {
                rows.Add($"{team}{i},{team},2025-03-02,{march},{enps}");
                rows.Add($"{team}{i},{team},2025-06-02,{june},{enps}");
            }
        for (var i = 1; i <= 3; i++) rows.Add($"TA{i},TA,2025-09-02,1,0");
        return "respondent_id,team_id,submitted_on,Q1,enps\n" + string.Join("\n", rows) + "\n";
    }

    [Test]
    public async Task The_summary_states_each_trend_draws_it_and_never_a_hidden_wave()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: false);
        using var _ = app;
        await IngestTestKit.RunAsync(warehouse, "survey", IngestTestKit.File(Survey()));
        using var http = await app.ClientAsync(Roles.Executive);

        var html = WebUtility.HtmlDecode(await http.GetStringAsync("/Engagement/Summary"));

        // Q1: (6×5 + 6×2 + 6×3) / 18 = 3.33 in March, (24 + 12 + 18) / 18 = 3.00 in June; eNPS (6 − 12) / 18.
        Assert.That(html, Does.Contain(
            "Across 2 waves (Mar 2025 to Jun 2025), “Q1” moved most: 3.33 to 3.00 (-0.33 on the 1–5 scale)."));
        Assert.That(html, Does.Contain("eNPS went from -33 in Mar 2025 to -33 in Jun 2025"));
        Assert.That(html, Does.Contain("hidden: fewer than 5"), "September's three answers");
        Assert.That(html, Does.Not.Contain("1.00"), "September's answers appear nowhere");
        foreach (var chart in new[] { "items", "enps" })
        {
            using var image = await http.GetAsync($"/Engagement/Summary?handler=Chart&chart={chart}");
            Assert.That(image.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/png"), chart);
            using var bitmap = SkiaSharp.SKBitmap.Decode(await image.Content.ReadAsByteArrayAsync());
            Assert.That(bitmap.Width, Is.GreaterThan(0), chart);
        }
    }

    [Test]
    public async Task The_heat_map_shades_each_team_against_the_organisation_in_words_too_newest_wave_open()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: false);
        using var _ = app;
        await IngestTestKit.RunAsync(warehouse, "survey", IngestTestKit.File(Survey()));
        using var http = await app.ClientAsync(Roles.LdLead);

        var html = WebUtility.HtmlDecode(await http.GetStringAsync("/Engagement"));
        var june = Regex.Match(html, "<details class=\"wave\"[^>]*>\\s*<summary>2025-06.*?</details>",
            RegexOptions.Singleline).Value;

        Assert.That(Regex.IsMatch(june, "^<details class=\"wave\" open"),
            "June opens: September, newer, has every group hidden");
        Assert.That(html, Does.Match("<details class=\"wave\">\\s*<summary>2025-03"), "March is folded");
        Assert.That(Cell(june, "TA", 2), Does.Contain("heat-hi2").And.Contain("4.00")
            .And.Contain("well above the organisation"), "TA 4.00 against 3.00");
        Assert.That(Cell(june, "TB", 2), Does.Contain("heat-lo2").And.Contain("well below the organisation"));
        Assert.That(Cell(june, "TC", 2), Does.Not.Contain("heat-").And.Not.Contain("organisation"), "3.00 = 3.00");
        Assert.That(Cell(june, "TA", 1), Does.Contain("heat-hi2").And.Contain("+100"), "eNPS +100 against -33");
        Assert.That(html, Does.Match("<details class=\"wave\">\\s*<summary>2025-09"), "September is folded");
        Assert.That(html, Does.Not.Contain("1.00"), "September's answers appear nowhere");
    }

    [Test]
    public async Task Items_read_as_the_questions_ingested_for_them_and_as_words_without()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: false);
        using var _ = app;
        await IngestTestKit.RunAsync(warehouse, "survey", IngestTestKit.File(
            Survey().Replace("submitted_on,Q1,enps", "submitted_on,team_spirit,enps")));
        using var http = await app.ClientAsync(Roles.LdLead);
        Assert.That(WebUtility.HtmlDecode(await http.GetStringAsync("/Engagement")), Does.Contain(">Team spirit</th>"));

        await IngestTestKit.RunAsync(warehouse, "survey-items",
            IngestTestKit.File("item,question\nteam_spirit,My team pulls together when it matters\n"));

        var perTeam = WebUtility.HtmlDecode(await http.GetStringAsync("/Engagement"));
        var summary = WebUtility.HtmlDecode(await http.GetStringAsync("/Engagement/Summary"));
        Assert.That(perTeam, Does.Contain(">My team pulls together when it matters</th>"));
        Assert.That(summary, Does.Contain("“My team pulls together when it matters” moved most: 3.33 to 3.00"));
        Assert.That(perTeam + summary, Does.Not.Contain("Team spirit"));
    }

    /// <summary>The n-th cell after a team's row header (0: responses, 1: eNPS, 2: the first item).</summary>
    static string Cell(string table, string team, int n)
    {
        var row = Regex.Match(table, $"<th scope=\"row\">{team}</th>(.*?)</tr>", RegexOptions.Singleline).Groups[1];
        return Regex.Matches(row.Value, "<td.*?</td>", RegexOptions.Singleline)[n].Value;
    }
}
