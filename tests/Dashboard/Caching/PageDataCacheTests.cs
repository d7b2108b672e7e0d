using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Impact.Dashboard.Caching;
using Impact.Dashboard.Display;
using Impact.Ingest.Pipeline;
using Impact.Tests.Dashboard.Pages.Runs;
using Impact.Tests.Infrastructure;
using Impact.Tests.Warehouse.Accounts;
using Impact.Warehouse;
using Impact.Warehouse.Accounts;
using Impact.Warehouse.Accounts.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Impact.Tests.Dashboard.Caching;

/// <summary>The pages keep what they read, and their rendered HTML, per data stamp: a second request is neither
/// read nor rendered again, and every write that could change a page (an ingest, a corrected value, a new estimate
/// run, a run's progress) shows at once, through the kept HTML as through the kept data. Two roles never see each
/// other's HTML, and the layout (the reader's name) is never kept.
/// </summary>
public sealed class PageDataCacheTests
{
    [TestCaseSource(typeof(TestDatabases), nameof(TestDatabases.Engines))]
    public async Task A_page_is_read_once_and_again_after_an_ingest_that_corrects_a_value(Engine engine)
    {
        var (app, warehouse) = await DashboardApp.OnAsync(engine, seeded: true);
        await using var _ = app;
        using var lead = await app.ClientAsync(Roles.LdLead);
        var cache = app.Services.GetRequiredService<PageDataCache>();

        var before = await lead.GetStringAsync("/Metrics/fcr");
        var read = cache.Read;
        // The data is kept: the second request reads nothing.
        Assert.That(JanuaryMean(await lead.GetStringAsync("/Metrics/fcr")), Is.EqualTo(JanuaryMean(before)));
        Assert.That(cache.Read, Is.EqualTo(read), "the second request read the warehouse again");
        Assert.That(JanuaryMean(before), Is.EqualTo(Format.Number(75.0)), "seeded: 60, 70, 80, 90");

        // The same row with a new value: no row is added, so only the ingest run and the sum tell.
        await IngestKpiAsync(warehouse, "fcr,e1,2025-01-01,100");
        var after = await lead.GetStringAsync("/Metrics/fcr");
        Assert.That(JanuaryMean(after), Is.EqualTo(Format.Number(85.0)), "the corrected value is not shown");
        Assert.That(JanuaryMean(await lead.GetStringAsync("/Metrics/fcr?from=2025-01-01")),
            Is.EqualTo(Format.Number(85.0)), "a filtered view kept the old value");
    }

    [Test]
    public async Task New_completions_a_new_run_and_a_runs_progress_each_show_at_once()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: true);
        await using var _ = app;
        using var lead = await app.ClientAsync(Roles.LdLead);

        var people = Participants(await lead.GetStringAsync("/Interventions/coach"));
        await ExecuteAsync(warehouse, "INSERT INTO completions (employee_id, intervention_id, completed_on, status, " +
            "source) VALUES ('e9', 'coach', '2025-05-01', 'completed', 'csv')");
        Assert.That(Participants(await lead.GetStringAsync("/Interventions/coach")), Is.EqualTo(people + 1));

        var run = await NewerRun.AddAsync(warehouse);
        Assert.That(await lead.GetStringAsync("/Interventions/coach"), Does.Contain($"estimate run #{run}"));

        await ExecuteAsync(warehouse, "INSERT INTO estimate_runs (started_at, status, parameters, data_version, " +
            "impact_version) VALUES ('2025-05-05T00:00:00Z', 'running', '{}', 'v3', 'test')");
        var running = await ScalarAsync(warehouse, "SELECT MAX(run_id) FROM estimate_runs");
        await ExecuteAsync(warehouse, "INSERT INTO estimate_run_pairs (run_id, intervention_id, metric_id, status) " +
            $"VALUES ({running}, 'coach', 'fcr', 'pending'), ({running}, 'elearn', 'fcr', 'pending')");
        Assert.That(await lead.GetStringAsync("/"), Does.Contain($"Run #{running} is estimating 0 of 2 pairs"));
        await ExecuteAsync(warehouse, $"UPDATE estimate_run_pairs SET status = 'succeeded' WHERE run_id = {running} " +
            "AND intervention_id = 'coach'");
        Assert.That(await lead.GetStringAsync("/"), Does.Contain($"Run #{running} is estimating 1 of 2 pairs"));
    }

    [Test]
    public async Task A_page_is_rendered_once_per_stamp_and_minute_and_its_layout_every_time()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        var (started, _) = await DashboardApp.OnSqliteAsync(seeded: true);
        await started.DisposeAsync();
        await using var app = new DashboardApp(started.DatabaseSetting) { Clock = clock };
        using var lead = await app.ClientAsync(Roles.LdLead);
        await new AccountsKit(app.Warehouse).Admin.AddAsync(Actor.System, "other.lead@test.example", "Other Lead",
            [Roles.LdLead], AccountsKit.Password, CancellationToken.None);
        using var other = await app.SignInAsync("other.lead@test.example", AccountsKit.Password);
        var html = app.Services.GetRequiredService<PageHtmlCache>();

        foreach (var page in new[] { "/", "/Metrics/fcr", "/Metrics/fcr?role=agent", "/Interventions/coach" })
        {
            var rendered = html.Rendered;
            var first = await lead.GetStringAsync(page);
            Assert.That(html.Rendered, Is.EqualTo(rendered + 1), $"{page} was not kept");
            var second = await other.GetStringAsync(page);
            Assert.That(html.Rendered, Is.EqualTo(rendered + 1), $"{page} was rendered again");
            Assert.That(PageBody(second), Is.EqualTo(PageBody(first)), page);
            Assert.That(Header(first), Does.Not.Contain("Other Lead"), page);
            Assert.That(Header(second), Does.Contain("Other Lead"), $"{page}: the layout was kept");
        }
        Assert.That(PageBody(await lead.GetStringAsync("/Metrics/fcr?role=agent")),
            Does.Contain("value=\"agent\" selected"));
        Assert.That(WebUtility.HtmlDecode(PageBody(await lead.GetStringAsync("/Metrics/fcr?from=bad"))),
            Does.Contain("'bad' in from"), "a dropped filter value is the page's own");

        // The pages say how long ago a run started: a new minute renders them again.
        clock.Advance(TimeSpan.FromMinutes(1));
        var before = html.Rendered;
        await lead.GetStringAsync("/");
        Assert.That(html.Rendered, Is.EqualTo(before + 1));
    }

    [Test]
    public async Task Two_roles_never_see_each_others_overview()
    {
        var (app, _) = await DashboardApp.OnSqliteAsync(seeded: true);
        await using var _app = app;
        using var executive = await app.ClientAsync(Roles.Executive);
        using var lead = await app.ClientAsync(Roles.LdLead);
        const string RunsLink = "Every run, and what changed between two of them";

        Assert.That(PageBody(await executive.GetStringAsync("/")), Does.Not.Contain(RunsLink));
        Assert.That(PageBody(await lead.GetStringAsync("/")), Does.Contain(RunsLink),
            "the lead got the executive's page");
        Assert.That(PageBody(await executive.GetStringAsync("/")), Does.Not.Contain(RunsLink),
            "the executive got the lead's page");
    }

    /// <summary>The page's own part, below the layout's header.</summary>
    static string PageBody(string html) => html[html.IndexOf("<main>", StringComparison.Ordinal)..];

    /// <summary>The layout's header, with the reader's name.</summary>
    static string Header(string html) => html[..html.IndexOf("<main>", StringComparison.Ordinal)];

    static string JanuaryMean(string html) =>
        Regex.Match(html, @"<tr><td>2025-01-01</td><td class=""num"">[^<]*</td>\s*<td class=""num"">([^<]*)</td>")
            .Groups[1].Value;

    static long Participants(string html) => long.Parse(
        Regex.Match(html, @"<strong>([0-9,]+)</strong> people finished it").Groups[1].Value.Replace(",", ""),
        System.Globalization.CultureInfo.InvariantCulture);

    static async Task IngestKpiAsync(Database warehouse, string row)
    {
        var path = TempFiles.NewPath(".csv");
        await File.WriteAllTextAsync(path, "metric_id,subject_id,period_start,value\n" + row + "\n");
        var kpi = IngestSources.All.Single(s => s.Name == "kpi");
        await kpi.Run(warehouse, path, new IngestOptions(), CancellationToken.None);
    }

    static async Task ExecuteAsync(Database warehouse, string sql)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync(sql);
    }

    static async Task<long> ScalarAsync(Database warehouse, string sql)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        return await db.ExecuteScalarAsync<long>(sql);
    }
}
