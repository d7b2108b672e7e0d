using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Impact.Dashboard.Display;
using Impact.Warehouse;
using Impact.Warehouse.Accounts;

namespace Impact.Tests.Dashboard.Pages.Runs;

/// <summary>The estimate runs page: every run with its parameters and outcome, and two runs side by side with
/// the verdicts that changed and the effect and interval deltas computed from the stored details.</summary>
public sealed class RunsPageTests
{
    DashboardApp app = null!;
    Database warehouse = null!;
    HttpClient lead = null!;
    long newer;

    [OneTimeSetUp]
    public async Task StartAppWithAFurtherRun()
    {
        (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: true);
        lead = await app.ClientAsync(Roles.LdLead);
        newer = await NewerRun.AddAsync(warehouse);
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        lead.Dispose();
        await app.DisposeAsync();
    }

    async Task<string> Html(string url) => WebUtility.HtmlDecode(await lead.GetStringAsync(url));

    [Test]
    public async Task Every_run_is_listed_with_its_outcome_parameters_and_data_version()
    {
        var html = await Html("/Runs");
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var runs = (await db.QueryAsync<(long Id, string Status, string Version)>(
            "SELECT run_id, status, data_version FROM estimate_runs")).ToList();

        Assert.That(runs, Has.Count.EqualTo(4));
        foreach (var (id, status, version) in runs)
            Assert.That(html, Does.Match($"<tr id=\"run-{id}\">(?s:.)*?<span class=\"o-{status}\">{status}</span>" +
                $"(?s:.)*?<code class=\"data-version\">{version.Replace(";", ";<wbr>")}</code>"));
        Assert.That(html, Does.Contain("pre = 2"));
        Assert.That(html, Does.Contain("metric = not set"));
    }

    [Test]
    public async Task Two_runs_side_by_side_show_which_verdicts_changed_and_by_how_much()
    {
        var older = newer - 2; // the seed's latest succeeded run (the one between is the failed run)
        var html = await Html($"/Runs?a={newer}&b={older}");
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        async Task<EstimateDetail> Stored(long run, string intervention) => EstimateDetail.Parse(
            await db.ExecuteScalarAsync<string>("SELECT detail FROM estimate_results WHERE run_id = @run AND " +
                "intervention_id = @intervention AND metric_id = 'fcr'", new { run, intervention }));
        var (was, now) = (await Stored(older, "coach"), await Stored(newer, "coach"));

        Assert.That(Text(html), Does.Contain($"1 of 2 verdicts changed from run #{older} to run #{newer} " +
            "(1 more pairs are in only one of them)."));
        Assert.That(Row(html, "Product e-learning"), Does.Contain("Verdict changed")
            .And.Contain("No detectable effect").And.Contain("Improved"));
        var coach = Row(html, "Call coaching");
        Assert.That(coach, Does.Contain("Same verdict"));
        Assert.That(coach, Does.Contain($"effect {Format.Signed(now.Estimate - was.Estimate)}"));
        Assert.That(Regex.Replace(coach, @"\s+", " "), Does.Contain(
            $"interval {Format.Signed(now.CiLow - was.CiLow)} to {Format.Signed(now.CiHigh - was.CiHigh)}"));
        Assert.That(Format.Signed(now.Estimate - was.Estimate), Is.EqualTo("+0.80"));
        Assert.That(Row(html, "mandatory"), Does.Contain("In one run only").And.Contain("not in this run"));
    }

    [Test]
    public async Task A_pair_stored_with_the_same_figures_in_both_runs_shows_no_row_of_zero_changes()
    {
        var html = await Html($"/Runs?a={newer}&b={newer}");
        var coach = Row(html, "Call coaching");
        Assert.That(coach, Does.Contain("Same verdict and estimate"));
        Assert.That(coach, Does.Not.Contain("\">effect ").And.Not.Contain("\">interval "));
    }

    [Test]
    public async Task Without_a_choice_the_two_latest_succeeded_runs_are_compared()
    {
        var html = await Html("/Runs");
        Assert.That(Text(html), Does.Contain($"from run #{newer - 2} to run #{newer}"));
    }

    /// <summary>The page's words without tags or line breaks, as a reader reads them.</summary>
    static string Text(string html) => Regex.Replace(Regex.Replace(html, "<[^>]+>", ""), @"\s+", " ");

    static string Row(string html, string intervention) =>
        Regex.Match(html, $"<tr class=\"[a-z]*\">\\s*<td>{Regex.Escape(intervention)}<br />(?s:.)*?</tr>").Value;
}
