using Deque.AxeCore.Playwright;
using Impact.Warehouse.Accounts;

namespace Impact.Tests.Dashboard.Browser;

/// <summary>
/// The dashboard as a reader uses it, in headless Chromium: follow a matrix cell to its evidence, filter a
/// trend, see every chart drawn, and an axe-core audit of every page, at a desktop and a phone width, signed in
/// as each role that may open it.
/// </summary>
public sealed class DashboardInBrowserTests : BrowserFixture
{
    static readonly (string Role, string[] Paths)[] PagesByRole =
    [
        (Roles.LdLead, ["/", "/Metrics/fcr", "/Interventions", "/Interventions/coach", "/Engagement",
            "/Engagement/Summary", "/Runs"]),
        (Roles.Admin, ["/Runs"]),
        (Roles.Executive, ["/", "/Engagement/Summary"]),
        (Roles.DataStaff, ["/Data"]),
    ];

    [Test]
    public async Task A_matrix_cell_leads_to_the_pairs_evidence()
    {
        var page = await SignedInAsync(Wide, Roles.LdLead);
        await page.GotoAsync("/");
        await page.ClickAsync("table.matrix a[href='/Interventions/coach#m-fcr']");
        await page.WaitForURLAsync(url => url.EndsWith("/Interventions/coach#m-fcr", StringComparison.Ordinal));
        await ShotAsync(page, "evidence-from-matrix");
        var evidence = page.Locator("#m-fcr");
        Assert.That(await evidence.IsVisibleAsync(), Is.True);
        Assert.That(await evidence.TextContentAsync(), Does.Contain("Improved").And.Contain("4.20"));
    }

    [Test]
    public async Task A_filter_changes_the_trend_and_stays_in_the_address()
    {
        var page = await SignedInAsync(Wide, Roles.LdLead);
        await page.GotoAsync("/Metrics/fcr");
        var periods = page.Locator("#trend-values table tbody tr");
        Assert.That(await periods.CountAsync(), Is.EqualTo(3));
        await page.FillAsync("#f-from", "2025-02-01");
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("from=2025-02-01", StringComparison.Ordinal));
        await ShotAsync(page, "metric-filtered");
        Assert.That(await periods.CountAsync(), Is.EqualTo(2), "January is left out");
        Assert.That(await page.Locator("#trend-chart").GetAttributeAsync("src"), Does.Contain("from=2025-02-01"));
        Assert.That(await LoadAllImagesAsync(page), Is.Empty, "the filtered chart draws");
    }

    [Test]
    public async Task Two_runs_side_by_side_show_the_verdict_that_changed()
    {
        var page = await SignedInAsync(Phone, Roles.LdLead);
        await page.GotoAsync("/");
        await page.ClickAsync("a[href='/Runs']:visible >> nth=0");
        await page.SelectOptionAsync("#a", "1");
        await page.SelectOptionAsync("#b", "2");
        await page.ClickAsync("form.filters button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("a=1&b=2", StringComparison.Ordinal));
        await ShotAsync(page, "runs-compared");
        var changed = page.Locator("table.comparison tr.changed");
        Assert.That(await changed.CountAsync(), Is.EqualTo(1));
        Assert.That(await changed.TextContentAsync(), Does.Contain("Call coaching").And.Contain("Verdict changed")
            .And.Contain("Worsened").And.Contain("Improved"));
    }

    [TestCase(Wide)]
    [TestCase(Phone)]
    public async Task Every_page_draws_its_charts_and_passes_an_accessibility_audit(int width)
    {
        var problems = new List<string>();
        var audited = new HashSet<string>();
        foreach (var (role, paths) in PagesByRole)
        {
            var page = await SignedInAsync(width, role);
            foreach (var path in paths)
            {
                var response = await page.GotoAsync(path);
                Assert.That(response?.Status, Is.EqualTo(200), $"{role} {path}");
                await ShotAsync(page, $"{role}{path.Replace('/', '-').TrimEnd('-')}");
                problems.AddRange((await LoadAllImagesAsync(page)).Select(src => $"{path}: image {src} drew nothing"));
                // The same page for another role is the same markup: audited once per width (axe takes seconds).
                if (!audited.Add(path)) continue;
                var audit = await page.RunAxe();
                problems.AddRange(audit.Violations.Where(v => v.Impact is "serious" or "critical").Select(v =>
                    $"{path} ({role}, {width} px): {v.Impact} {v.Id}: {v.Help} at " +
                    string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))));
            }
            await page.Context.CloseAsync();
        }
        Assert.That(problems, Is.Empty);
    }
}
