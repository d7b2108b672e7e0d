using Dapper;
using Impact.Models.Runs;
using Impact.Warehouse.Accounts;

namespace Impact.Tests.Dashboard.Pages.Interventions;

/// <summary>A pair a fanned-out run carried over unchanged says so on its evidence, naming the run that estimated
/// it; a pair estimated in the run itself says nothing of the kind.</summary>
public sealed class CarriedPairTests
{
    [Test]
    public async Task The_evidence_of_a_carried_pair_says_since_which_run_it_is_unchanged()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: true);
        await using var _ = app;
        long run;
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
        {
            // The run the pages show: the newest that succeeded.
            run = (await EstimateRunTables.LatestSucceededAsync(db, warehouse.Dialect, CancellationToken.None))!
                .RunId;
            // As a later run that found fcr's inputs unchanged stores it (FanOutRun): the earlier run's number.
            await db.ExecuteAsync("UPDATE estimate_results SET carried_from_run = @from " +
                "WHERE run_id = @run AND intervention_id = 'coach' AND metric_id = 'fcr'", new { from = 7, run });
        }
        using var lead = await app.ClientAsync(Roles.LdLead);

        var html = System.Text.RegularExpressions.Regex.Replace(
            System.Net.WebUtility.HtmlDecode(await lead.GetStringAsync("/Interventions/coach")), @"\s+", " ");

        Assert.That(html, Does.Contain(
            $"Unchanged since run #7: nothing this pair reads changed, so run #{run} carried its estimate over"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "Unchanged since run #").Count, Is.EqualTo(1),
            "only the carried pair");
    }
}
