using System.Net;
using Impact.Warehouse;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Impact.Tests.Dashboard;

/// <summary>The app on an empty warehouse, with bad configuration, and with a warehouse that fails.</summary>
public sealed class AppStartupTests
{
    static readonly string[] Everyone = Impact.Warehouse.Accounts.Roles.All.Select(r => r.Name).ToArray();

    [Test]
    public async Task Every_page_on_an_empty_warehouse_says_what_to_run()
    {
        var (app, _) = await DashboardApp.OnSqliteAsync(seeded: false);
        await using var _app = app;
        using var client = await app.ClientAsync(Everyone);
        var expected = new Dictionary<string, string>
        {
            ["/"] = "impact ingest employees",
            ["/Interventions"] = "impact ingest interventions",
            ["/Engagement"] = "impact ingest survey",
            ["/Data"] = "Nothing has been ingested yet",
        };
        foreach (var (url, hint) in expected)
        {
            using var response = await client.GetAsync(url);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
            Assert.That(html, Does.Contain(hint), url);
        }
    }

    [TestCase("2", "is 2")]
    [TestCase("-1", "is -1")]
    [TestCase("five", "whole number")]
    public void A_minimum_survey_group_below_three_is_refused_with_a_sentence(string value, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Impact:Survey:MinGroupSize"] = value }).Build();
        var e = Assert.Throws<ImpactException>(() => new ServiceCollection().AddWarehouse(configuration))!;
        Assert.That(e.Message, Does.StartWith("Impact:Survey:MinGroupSize").And.Contain(expected));
    }

    [Test]
    [NonParallelizable] // borrows Console.Error to read what the app printed
    public async Task The_app_refuses_to_start_with_a_minimum_survey_group_below_three()
    {
        var (app, _) = await DashboardApp.OnSqliteAsync(seeded: false,
            new Dictionary<string, string?> { ["Impact:Survey:MinGroupSize"] = "2" });
        await using var _app = app;
        var stderr = new StringWriter();
        var original = Console.Error;
        Console.SetError(stderr);
        try
        {
            Assert.Catch(() => app.CreateClient(), "the app must not start");
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.That(stderr.ToString(),
            Does.Contain("impact dashboard: Impact:Survey:MinGroupSize is 2, but survey groups smaller than 3"));
    }

    [Test]
    public async Task A_configured_minimum_group_size_changes_what_is_hidden()
    {
        var (app, _) = await DashboardApp.OnSqliteAsync(seeded: true,
            new Dictionary<string, string?> { ["Impact:Survey:MinGroupSize"] = "3" });
        await using var _app = app;
        using var client = await app.ClientAsync(Everyone);
        var html = await client.GetStringAsync("/Engagement");
        Assert.That(html, Does.Not.Contain("hidden: fewer than"), "every seeded team has at least 3 responses");
        Assert.That(html, Does.Contain("Support South"));
    }

    [Test]
    public async Task A_warehouse_failure_is_shown_as_its_sentence_not_a_stack_trace()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: false);
        await using var _app = app;
        using var client = await app.ClientAsync(Everyone);
        // The warehouse file is replaced by a folder after start: every query now fails to open it.
        var file = warehouse.Target.ConnectionString.Split(';').First(p => p.StartsWith("Data Source=")).Split('=')[1];
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file);
        Directory.CreateDirectory(file);
        using var response = await client.GetAsync("/");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(html, Does.Contain("Something went wrong").And.Contain(file));
        Assert.That(html, Does.Not.Contain("   at "), "no stack trace");
    }
}
