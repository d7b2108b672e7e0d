using Dapper;
using Impact.Dashboard.Exports;
using Impact.Models.Panels;
using Impact.Warehouse;
using Impact.Warehouse.Accounts;

namespace Impact.Tests.Dashboard.Pages.Interventions;

/// <summary>The intervention page's rollout (people finishing per month, participants, cost) and value, each
/// figure checked against its own SQL query or the stored detail.</summary>
public sealed class RolloutAndValueTests
{
    DashboardApp app = null!;
    Database warehouse = null!;
    HttpClient lead = null!;

    [OneTimeSetUp]
    public async Task StartAppWhereFirstContactResolutionHasAMoneyValue()
    {
        (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: true);
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
            await db.ExecuteAsync("UPDATE metrics SET value_per_unit = 120, currency = 'EUR' WHERE metric_id = 'fcr'");
        lead = await app.ClientAsync(Roles.LdLead);
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        lead.Dispose();
        await app.DisposeAsync();
    }

    [Test]
    public async Task Rollout_shows_the_people_who_finished_per_month_and_the_cost_of_them_all()
    {
        var html = System.Net.WebUtility.HtmlDecode(await lead.GetStringAsync("/Interventions/coach"));
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var people = await db.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT employee_id) FROM completions " +
            $"WHERE intervention_id = 'coach' AND {Finished.Condition("status")}");
        var perMonth = (await db.QueryAsync<(string Month, long People)>(
            "SELECT substr(completed_on, 1, 7) || '-01', COUNT(DISTINCT employee_id) FROM completions " +
            $"WHERE intervention_id = 'coach' AND {Finished.Condition("status")} GROUP BY substr(completed_on, 1, 7)"))
            .ToList();

        Assert.That(people, Is.EqualTo(2), "e1 and e2 finished; e3 only enrolled");
        Assert.That(html, Does.Contain($"<strong>{people}</strong> people finished it"));
        Assert.That(html, Does.Contain($"cost of everyone who finished <strong>{people * 400:N0} EUR</strong>"));
        Assert.That(perMonth, Has.Count.EqualTo(2));
        foreach (var (month, n) in perMonth)
            Assert.That(html, Does.Contain($"<tr><td>{month}</td><td class=\"num\">{n}</td></tr>"));
        Assert.That(html, Does.Contain("2 people finished Call coaching between March 2025 and April 2025, the " +
            "most in March 2025 (2)"));
        var png = await lead.GetByteArrayAsync("/Interventions/coach?handler=Rollout");
        Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
    }

    [Test]
    public async Task A_value_is_claimed_with_the_packs_words_where_value_cost_and_interval_allow()
    {
        var html = System.Net.WebUtility.HtmlDecode(await lead.GetStringAsync("/Interventions/coach"));
        var pack = await PackReader.ReadAsync(warehouse, null, null, CancellationToken.None);
        var coach = pack.Pairs.Single(p => p.InterventionId == "coach" && p.MetricId == "fcr");

        Assert.That(Headlines.WhyNoValue(coach), Is.Null);
        Assert.That(html, Does.Contain(Headlines.ValueLine(coach)));
        Assert.That(html, Does.Contain("Worth 504 EUR per participant (95% CI 245 to 763), 126% of its cost"));
    }
}
