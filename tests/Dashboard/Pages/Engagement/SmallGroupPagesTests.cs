using System.Text.RegularExpressions;
using Impact.Tests.Ingest;
using Impact.Warehouse.Accounts;

namespace Impact.Tests.Dashboard.Pages.Engagement;

/// <summary>
/// Every number the pages show about a survey, with a hidden group in it, a refused row from that group and a
/// correction that names the other team: nothing on the Engagement, Data or overview pages gives away the
/// hidden group's answers, its size, or a respondent's answer by subtraction.
/// </summary>
public sealed partial class SmallGroupPagesTests
{
    [Test]
    public async Task No_page_gives_away_a_hidden_group_or_a_refused_answer()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: false);
        using var _ = app;
        const string Header = "respondent_id,team_id,submitted_on,Q1\n";
        var survey = Header +
                     "A1,TA,2025-03-02,4\nA2,TA,2025-03-02,4\nA3,TA,2025-03-02,5\nA4,TA,2025-03-02,4\n" +
                     "A5,TA,2025-03-02,5\nB1,TB,2025-03-02,1\nB2,TB,2025-03-02,1\nB3,TB,2025-03-02,8\n";
        var load = await IngestTestKit.RunAsync(warehouse, "survey", IngestTestKit.File(survey));
        await IngestTestKit.RunAsync(warehouse, "survey", IngestTestKit.File(Header + "A1,TB,2025-03-02,5\n"));
        // Every role at once: nothing any of them can open may give the hidden group away.
        using var http = await app.ClientAsync(Roles.Admin, Roles.LdLead, Roles.DataStaff, Roles.Executive);

        var engagement = await http.GetStringAsync("/Engagement");
        var hiddenRow = Row(engagement, "TB");
        Assert.That(hiddenRow, Does.Contain("hidden: fewer than 5 responses"));
        Assert.That(Numbers(hiddenRow).Except(["5"]), Is.Empty, "the hidden row shows no number of its own");
        Assert.That(Row(engagement, "TA"), Does.Contain("hidden: fewer than 5"),
            "TA is hidden too: the summary's 7 responses minus TA's 5 would give TB's 2 answers");
        Assert.That(engagement, Does.Not.Contain("1.00"), "TB's answers appear nowhere");
        var summary = System.Net.WebUtility.HtmlDecode(await http.GetStringAsync("/Engagement/Summary"));
        Assert.That(summary, Does.Contain("3.57"),
            "the organisation: TA's 5, 4, 5, 4, 5 (A1's corrected answer among them) and TB's 1, 1 over 7 answers");

        var rejected = System.Net.WebUtility.HtmlDecode(await http.GetStringAsync($"/Data?run={load.RunId}"));
        Assert.That(rejected,
            Does.Contain("is not an answer on the 1–5 scale").And.Contain("not kept (respondent B3)"));
        Assert.That(rejected, Does.Not.Contain("B3,TB").And.Not.Contain(",8"), "the refused answer is not shown");

        var overview = await http.GetStringAsync("/");
        Assert.That(overview, Does.Not.Contain("survey responses"),
            "a total beside the visible groups would give TB's size");
    }

    static string Row(string html, string team) =>
        Regex.Matches(html, "<tr>.*?</tr>", RegexOptions.Singleline).Select(m => m.Value)
            .Single(r => Regex.IsMatch(r, $"<t[dh][^>]*>{team}</t[dh]>"));  // a row header or a cell

    // The numbers a reader sees: tags and character references (&#x2013; is the dash of an empty cell) removed.
    static IEnumerable<string> Numbers(string html) =>
        Regex.Matches(Regex.Replace(html, "<[^>]+>|&#?[0-9a-zA-Z]+;", " "), @"\d+(\.\d+)?").Select(m => m.Value);
}
