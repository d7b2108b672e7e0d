using Dapper;
using Impact.Dashboard.Charts;
using Impact.Tests.Dashboard.Pages.Runs;
using Impact.Warehouse;
using Impact.Warehouse.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Impact.Tests.Dashboard.Charts;

/// <summary>Chart images are drawn once per run and data version: the same request is served from the cache,
/// and a new estimate run or new data draws a new image.</summary>
public sealed class ChartCacheTests
{
    [Test]
    public async Task A_chart_is_drawn_once_and_again_after_a_new_run_or_new_data()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: true);
        await using var _ = app;
        using var lead = await app.ClientAsync(Roles.LdLead);
        var cache = app.Services.GetRequiredService<ChartCache>();
        const string eventStudy = "/Metrics/fcr?handler=EventStudy&intervention=coach";
        const string rollout = "/Interventions/coach?handler=Rollout";

        var first = await lead.GetByteArrayAsync(eventStudy);
        var drawn = cache.Drawn;
        Assert.That(await lead.GetByteArrayAsync(eventStudy), Is.EqualTo(first));
        Assert.That(cache.Drawn, Is.EqualTo(drawn), "the second request was drawn again");

        await NewerRun.AddAsync(warehouse);
        Assert.That(await lead.GetByteArrayAsync(eventStudy), Is.Not.EqualTo(first), "a new run, the old picture");

        var before = await lead.GetByteArrayAsync(rollout);
        await AddCompletionAsync(warehouse);
        Assert.That(await lead.GetByteArrayAsync(rollout), Is.Not.EqualTo(before), "new data, the old picture");
    }

    static async Task AddCompletionAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync("INSERT INTO completions (employee_id, intervention_id, completed_on, status, source) " +
            "VALUES ('e5', 'coach', '2025-05-01', 'completed', 'csv')");
    }
}
