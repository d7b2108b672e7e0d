using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Impact.Tests.Ingest;
using Impact.Warehouse.Accounts;

namespace Impact.Tests.Dashboard.Pages.Engagement;

/// <summary>
/// Team TA has 9 respondents, 4 of them team leads in Berlin who all answered 1; the 5 agents in Leipzig
/// answered 5. TA is big enough to show, its leads are not, and neither may be recovered: under no filter of
/// team, role, location and dates, on the per-team page or the summary, does TA appear as anything but its
/// whole 9 (any part of it beside the whole would give the rest by subtraction), and the leads' 1.00 and the
/// agents' 5.00 appear nowhere.
/// </summary>
public sealed class SubtractionTests
{
    [Test]
    public async Task No_page_filter_or_total_reveals_four_leads_inside_a_team_of_nine()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: false);
        using var _ = app;
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
            await db.ExecuteAsync("INSERT INTO employees (employee_id, team_id, role, location) VALUES " +
                "(@Id, @Team, @Role, @Location)", People());
        var rows = People().Select(p =>
            $"{p.Id},{p.Team},2025-03-02,{(p.Role == "lead" ? 1 : p.Team == "TA" ? 5 : 3)}");
        await IngestTestKit.RunAsync(warehouse, "survey",
            IngestTestKit.File("respondent_id,team_id,submitted_on,Q1\n" + string.Join("\n", rows) + "\n"));
        using var http = await app.ClientAsync(Roles.LdLead, Roles.Executive);

        var summary = await Page(http, "/Engagement/Summary");
        Assert.That(summary, Does.Contain("3.13"), "the organisation: (4×1 + 5×5 + 6×3) / 15");
        var whole = await Page(http, "/Engagement");
        Assert.That(Numbers(Row(whole, "TA")!), Is.EquivalentTo(new[] { "9", "3.22" }), "TA whole: 29 / 9");
        foreach (var team in new[] { "", "TA", "TB" })
        foreach (var role in new[] { "", "lead", "agent" })
        foreach (var location in new[] { "", "Berlin", "Leipzig" })
        {
            var url = $"/Engagement?team={team}&role={role}&location={location}&from=2025-01-01&to=2025-12-31";
            var html = await Page(http, url);
            Assert.That(html, Does.Not.Contain("1.00").And.Not.Contain("5.00"), url);
            if (Row(html, "TA") is { } ta && !ta.Contains("hidden"))
                Assert.That(Numbers(ta), Is.EquivalentTo(new[] { "9", "3.22" }), $"{url}: TA only ever whole");
        }
    }

    sealed record Person(string Id, string Team, string Role, string Location);

    static IEnumerable<Person> People() =>
        Enumerable.Range(1, 4).Select(i => new Person($"L{i}", "TA", "lead", "Berlin"))
            .Concat(Enumerable.Range(1, 5).Select(i => new Person($"A{i}", "TA", "agent", "Leipzig")))
            .Concat(Enumerable.Range(1, 6).Select(i => new Person($"B{i}", "TB", "agent", "Leipzig")));

    static async Task<string> Page(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    static string? Row(string html, string team) =>
        Regex.Matches(html, "<tr>.*?</tr>", RegexOptions.Singleline).Select(m => m.Value)
            .SingleOrDefault(r => Regex.IsMatch(r, $"<t[dh][^>]*>{team}</t[dh]>"));  // a row header or a cell

    static IEnumerable<string> Numbers(string html) =>
        Regex.Matches(Regex.Replace(html, "<[^>]+>|&#?[0-9a-zA-Z]+;", " "), @"\d+(\.\d+)?").Select(m => m.Value);
}
