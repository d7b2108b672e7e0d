namespace Impact.Tests.Dashboard.Pages.Numbers;

/// <summary>The metric page's trend under a filter, which reads rows instead of the per-period stats, against
/// a query written here: an employee-level metric by the people's current team or role, a team-level metric by
/// the team (a role does not apply to it and is ignored), and a date range on either.</summary>
public sealed class FilteredTrendNumbersTests : NumbersFixture
{
    [Test]
    public async Task Trend_filtered_by_team_role_and_dates_equals_sql_over_those_people_at_two_decimals()
    {
        var figures = new Figures("filtered trends");
        var team = (await Org.QueryAsync<string>("SELECT MIN(team_id) FROM employees")).Single();
        var role = (await Org.QueryAsync<string>("SELECT MIN(role) FROM employees")).Single();
        var periods = await Org.QueryAsync<string>(
            "SELECT DISTINCT period_start FROM kpi_observations ORDER BY period_start");
        var (from, to) = (periods[2], periods[^3]);
        foreach (var (metric, level) in await Org.QueryAsync<(string, string)>(
                     "SELECT metric_id, level FROM metrics WHERE kind = 'performance' ORDER BY metric_id"))
        {
            var byPeople = level == "employee";
            var views = new (string Query, string Sql)[]
            {
                ($"team={team}", byPeople
                    ? "JOIN employees e ON e.employee_id = k.subject_id WHERE e.team_id = @team"
                    : "WHERE k.subject_id = @team"),
                ($"role={role}", byPeople ? "JOIN employees e ON e.employee_id = k.subject_id WHERE e.role = @role"
                    : "WHERE 1 = 1"),
                ($"from={from}&to={to}", "WHERE k.period_start >= @from AND k.period_start <= @to"),
            };
            foreach (var (query, sql) in views)
            {
                var html = await Org.HtmlAsync($"/Metrics/{Uri.EscapeDataString(metric)}?{query}");
                var rows = await Org.QueryAsync<(string, double)>(
                    $"SELECT k.period_start, k.value FROM kpi_observations k {sql} AND k.metric_id = @metric",
                    new { metric, team, role, from, to }); // the conditions are this test's constants
                TrendTable.Check($"{metric}?{query}", html, TrendTable.Of(rows), figures);
            }
        }
        figures.AssertAllAgree();
    }
}
