using System.Net;
using Dapper;
using Impact.Warehouse.Accounts;
using Impact.Warehouse.Accounts.Audit;
using Impact.Tests.Warehouse.Accounts;

namespace Impact.Tests.Dashboard.Pages;

/// <summary>
/// Names come from source files and people: a metric, owner, intervention, team, user or rejected row
/// called <c>&lt;script&gt;alert(1)&lt;/script&gt;</c> is shown as text on every page, never run.
/// </summary>
public sealed class HostileNamesTests
{
    const string Hostile = "<script>alert(1)</script>";
    const string Escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";

    [Test]
    public async Task Hostile_names_are_escaped_on_every_page()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: true);
        await using var _ = app;
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
        {
            await db.ExecuteAsync("UPDATE teams SET name = @Hostile WHERE team_id = 'T1'", new { Hostile });
            await db.ExecuteAsync("UPDATE metrics SET name = @Hostile, owner = @Hostile WHERE metric_id = 'fcr'",
                new { Hostile });
            await db.ExecuteAsync("UPDATE interventions SET name = @Hostile WHERE intervention_id = 'coach'",
                new { Hostile });
            await db.ExecuteAsync("UPDATE ingest_runs SET message = @Hostile, location = @Hostile", new { Hostile });
            await db.ExecuteAsync("UPDATE ingest_rejections SET reason = @Hostile, raw = @Hostile", new { Hostile });
            await db.ExecuteAsync("UPDATE estimate_results SET reason = @Hostile", new { Hostile });
        }
        var kit = new AccountsKit(warehouse);
        await kit.Admin.AddAsync(Actor.System, "odd@test.example", Hostile, Roles.All.Select(r => r.Name),
            AccountsKit.Password, CancellationToken.None);
        await kit.Audit.WriteAsync(new Actor(Hostile, Hostile), AuditActions.SignInFailed, Hostile, Hostile,
            CancellationToken.None);
        using var all = await app.SignInAsync("odd@test.example", AccountsKit.Password);
        using var executive = await app.ClientAsync(Roles.Executive);

        var pages = new[]
        {
            "/", "/Interventions", "/Interventions/coach", "/Metrics/fcr", "/Engagement", "/Data", "/Data?run=2",
            "/Admin/Users", "/Admin/Audit",
        };
        foreach (var url in pages) await AssertEscapedAsync(all, url, HttpStatusCode.OK);
        await AssertEscapedAsync(executive, "/Data", HttpStatusCode.Forbidden); // names the administrator
    }

    static async Task AssertEscapedAsync(HttpClient client, string url, HttpStatusCode status)
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), url);
        Assert.That(html, Does.Not.Contain(Hostile).And.Not.Contain("<script"), url);
        Assert.That(html, Does.Contain(Escaped), $"{url} shows the name, as text");
    }
}
