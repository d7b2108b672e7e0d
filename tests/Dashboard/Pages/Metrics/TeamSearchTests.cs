using Dapper;
using Impact.Dashboard.Filters;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Accounts;

namespace Impact.Tests.Dashboard.Pages.Metrics;

/// <summary>Past <see cref="FilterChoices.ListedTeams"/> teams the filter form takes a team as text: the page
/// stays small, the filter stays in the query string, and a part of a name offers the teams it matches as links.
/// </summary>
public sealed class TeamSearchTests
{
    [TestCaseSource(typeof(TestDatabases), nameof(TestDatabases.Engines))]
    public async Task Many_teams_get_a_search_box_and_part_of_a_name_offers_matching_teams_as_links(Engine engine)
    {
        var (app, warehouse) = await DashboardApp.OnAsync(engine, seeded: true);
        await using var _ = app;
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
            await db.ExecuteAsync("INSERT INTO teams (team_id, name) VALUES (@id, @name)",
                Enumerable.Range(1, FilterChoices.ListedTeams).Select(i => new { id = $"X{i}", name = $"Extra {i}" }));
        using var lead = await app.ClientAsync(Roles.LdLead);

        var all = await lead.GetStringAsync("/Metrics/fcr");
        Assert.That(all, Does.Contain(@"<input id=""f-team"" name=""team"" type=""search"""));
        Assert.That(all, Does.Not.Contain(@"<option value=""X1"""), "every team still listed");

        var typed = await lead.GetStringAsync("/Metrics/fcr?team=north&from=2025-02-01");
        Assert.That(typed, Does.Contain(@"No team has the id ""north"""));
        Assert.That(typed, Does.Contain(@"<a href=""?team=T1&amp;from=2025-02-01"">Support North (T1)</a>"),
            "a match keeps the other filters");

        var chosen = await lead.GetStringAsync("/Metrics/fcr?team=T1");
        Assert.That(chosen, Does.Contain("Team Support North (T1), one of"));
        Assert.That(chosen, Does.Contain(@"value=""T1"""));

        var wildcard = await lead.GetStringAsync("/Metrics/fcr?team=%25");
        Assert.That(wildcard, Does.Contain(@"No team&#x27;s id or name contains ""%"".")
            .Or.Contain(@"No team's id or name contains ""%""."), "a % in the text is a wildcard");
    }
}
