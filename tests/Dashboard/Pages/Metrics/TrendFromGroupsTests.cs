using Dapper;
using Impact.Dashboard.Filters;
using Impact.Dashboard.Pages.Metrics;
using Impact.Tests.Infrastructure;
using Impact.Tests.Warehouse.Summaries;
using Impact.Warehouse;
using Impact.Warehouse.Summaries;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Dashboard.Pages.Metrics;

/// <summary>
/// The metric trend filtered by people reads the sums per team, role and location only while they are fresh, and
/// then shows what the rows give for every combination of team, role, location and dates; once anything changed
/// after they were computed, the page reads the rows.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class TrendFromGroupsTests(Engine engine)
{
    static IEnumerable<PageFilter> EveryFilterByPeople()
    {
        string?[] Or(string[] values) => [null, .. values.Where(v => v.Length > 0), "nobody"];
        foreach (var team in Or(MovingOrganisation.Teams))
        foreach (var role in Or(MovingOrganisation.Roles))
        foreach (var location in Or(MovingOrganisation.Locations))
        foreach (var (from, to) in new (string?, string?)[] { (null, null), ("2025-02-01", "2025-03-01"),
                     ("2025-03-01", null) })
            if (team is not null || role is not null || location is not null)
                yield return new PageFilter(team, role, location, from, to);
    }

    [Test]
    public async Task Fresh_sums_give_the_rows_figures_for_every_combination_of_team_role_location_and_dates()
    {
        var org = new MovingOrganisation(await WithMetricsAsync(engine), seed: 3);
        for (var round = 0; round < 3; round++) await org.IngestRoundAsync();
        // One connection for the 237 filters: a new PostgreSQL connection per read costs a server process each.
        await using var db = await org.Warehouse.OpenAsync(CancellationToken.None);
        Assert.That(await KpiGroupStats.IsFreshAsync(db, CancellationToken.None), Is.True, "the sums are read");

        var filters = EveryFilterByPeople().ToList();
        foreach (var filter in filters)
            AssertSameTrend(await TrendFilter.ReadAsync(db, "employee", "sales", filter, CancellationToken.None),
                [.. await db.QueryAsync<DetailModel.Period>(TrendFilter.Sql("employee", filter),
                    TrendFilter.Parameters("sales", filter))], filter);
        Assert.That(filters, Has.Count.EqualTo((5 * 4 * 4 - 1) * 3));
    }

    [Test]
    public async Task Stale_sums_are_never_shown_and_the_page_shows_what_the_rows_give()
    {
        var org = new MovingOrganisation(await WithMetricsAsync(engine), seed: 5);
        for (var round = 0; round < 2; round++) await org.IngestRoundAsync();
        var byTeam = new PageFilter("T3", null, null, null, null);
        var byRole = new PageFilter(null, "Agent", null, null, null);

        // Wrong sums that count as fresh are shown: the page reads them.
        await org.ExecuteAsync("UPDATE kpi_group_stats SET total = total + 1000 * subjects");
        await org.ExecuteAsync("UPDATE kpi_role_location_stats SET total = total + 1000 * subjects");
        var rows = await FromRowsAsync(org.Warehouse, byTeam);
        Assert.That(rows, Is.Not.Empty);
        Assert.That((await FromPageAsync(org.Warehouse, byTeam)).Select(p => p.Mean),
            Is.EqualTo(rows.Select(p => p.Mean + 1000)).Within(1e-6));

        // Someone moves by an ingest whose refresh does not run: the sums are stale and the page reads the rows.
        await org.MoveSomeoneAsync(Quiet with { RefreshSummaries = false });
        foreach (var filter in new[] { byTeam, byRole })
        {
            var shown = await FromPageAsync(org.Warehouse, filter);
            AssertSameTrend(shown, await FromRowsAsync(org.Warehouse, filter), filter);
        }
        Assert.That((await FromPageAsync(org.Warehouse, byTeam)).Sum(p => p.Subjects),
            Is.GreaterThan(rows.Sum(p => p.Subjects)), "the person who moved into T3 is counted there");
    }

    static async Task<IReadOnlyList<DetailModel.Period>> FromPageAsync(Database w, PageFilter filter) =>
        (await DetailModel.Query.RunAsync(w, "sales", CancellationToken.None, filter))!.Trend;

    static Task<List<DetailModel.Period>> FromRowsAsync(Database w, PageFilter filter) =>
        QueryAsync<DetailModel.Period>(w, TrendFilter.Sql("employee", filter), TrendFilter.Parameters("sales", filter));

    static void AssertSameTrend(IReadOnlyList<DetailModel.Period> shown, List<DetailModel.Period> rows,
        PageFilter filter)
    {
        var what = filter.Query();
        Assert.That(shown.Select(p => (p.PeriodStart, p.Subjects, p.Low, p.High)),
            Is.EqualTo(rows.Select(p => (p.PeriodStart, p.Subjects, p.Low, p.High))), what);
        foreach (var (s, r) in shown.Zip(rows))
        {
            Assert.That(s.Mean, Is.EqualTo(r.Mean).Within(1e-9), $"{what} mean {r.PeriodStart}");
            Assert.That(s.Spread, Is.EqualTo(r.Spread).Within(1e-6), $"{what} spread {r.PeriodStart}");
        }
    }
}
