using System.Net;
using System.Reflection;
using Impact.Warehouse.Accounts;
using Impact.Dashboard.Access;
using Impact.Warehouse;
using Impact.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Razor.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Impact.Tests.Dashboard.Access;

/// <summary>
/// Every route the dashboard maps, read from its endpoint data source, against the role table below:
/// anonymous requests are sent to sign in (pages) or get 401 (charts, downloads, /hangfire); each
/// role gets 200 or 403 exactly as the table says. A new page or endpoint fails here until it has a
/// row, and a page model without a declared policy fails too (the fallback policy keeps it closed).
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class RouteRoleTests(Engine engine)
{
    /// <summary>Open to anyone, signed in or not (sign-in, error and status pages).</summary>
    const string Anyone = "(anyone)";

    /// <summary>A route pattern as the app maps it, who may open it, and URLs that exercise it on the seed.</summary>
    sealed record Route(string Pattern, string Policy, params string[] Urls);

    // The role table. Add a row for each new page (both patterns of an Index page), download or endpoint,
    // with one URL per named GET handler (?handler=X).
    static readonly Route[] Table =
    [
        new("", Policies.Performance, "/", "/?handler=Chart&metric=fcr"),
        new("Index", Policies.Performance, "/Index"),
        new("Interventions", Policies.Performance, "/Interventions"),
        new("Interventions/Index", Policies.Performance, "/Interventions/Index"),
        new("Interventions/{id}", Policies.Performance, "/Interventions/coach",
            "/Interventions/coach?handler=Chart&metric=fcr", "/Interventions/coach?handler=Rollout"),
        new("Metrics/{id}", Policies.Performance, "/Metrics/fcr", "/Metrics/fcr?handler=Chart",
            "/Metrics/fcr?handler=Waves&intervention=coach", "/Metrics/fcr?handler=EventStudy&intervention=coach",
            "/Metrics/fcr?handler=Groups&intervention=coach"),
        new("Runs", Policies.Runs, "/Runs", "/Runs?a=1&b=2"),
        new("Runs/Index", Policies.Runs, "/Runs/Index"),
        new("Exports", Policies.Exports, "/Exports", "/Exports?handler=Download&what=brief"),
        new("Exports/Index", Policies.Exports, "/Exports/Index"),
        new("Engagement", Policies.Engagement, "/Engagement"),
        new("Engagement/Index", Policies.Engagement, "/Engagement/Index"),
        new("Engagement/Summary", Policies.EngagementSummary, "/Engagement/Summary",
            "/Engagement/Summary?handler=Chart&chart=items", "/Engagement/Summary?handler=Chart&chart=enps"),
        new("Data", Policies.DataOperations, "/Data", "/Data?run=2"),
        new("Data/Index", Policies.DataOperations, "/Data/Index"),
        new("Jobs", Policies.DataOperations, "/Jobs"),
        new("Jobs/Index", Policies.DataOperations, "/Jobs/Index"),
        new("hangfire/{**path}", Policies.DataOperations, "/hangfire", "/hangfire/recurring"),
        new("Admin/Users", Policies.Admin, "/Admin/Users"),
        new("Admin/Audit", Policies.Admin, "/Admin/Audit", "/Admin/Audit?handler=Csv"),
        new("account/password", Policies.SignedIn, "/account/password"),
        new("signout", Policies.SignedIn, "/signout"),
        new("signin", Anyone, "/signin", "/signin?handler=SingleSignOn"),
        new("Error", Anyone, "/Error"),
        new("Status/{code:int}", Anyone, "/Status/404"),
        new("healthz", Anyone, "/healthz"),
    ];

    static readonly string[] EveryRole = Roles.All.Select(r => r.Name).ToArray();

    DashboardApp app = null!;
    HttpClient anonymous = null!;
    readonly Dictionary<string, HttpClient> byRole = [];

    [OneTimeSetUp]
    public async Task StartAppWithOneUserPerRole()
    {
        (app, _) = await DashboardApp.OnAsync(engine, seeded: true);
        foreach (var role in EveryRole) byRole[role] = await app.ClientAsync(role);
        anonymous = app.Anonymous();
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        // A skipped engine (no SQL Server) never started the app: nothing to stop, and no error to report.
        foreach (var client in byRole.Values) client.Dispose();
        anonymous?.Dispose();
        if (app is not null) await app.DisposeAsync();
    }

    [Test]
    public void Every_route_the_app_maps_is_in_the_role_table_and_every_row_is_a_route()
    {
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.Trim('/')).ToHashSet();
        var table = Table.Select(r => r.Pattern).ToHashSet();
        Assert.That(mapped.Except(table), Is.Empty, "routes with no row in the role table: add one");
        Assert.That(table.Except(mapped), Is.Empty, "rows for routes the app no longer maps");
    }

    [Test]
    public void Every_page_declares_the_policy_its_row_says_and_every_data_handler_has_a_url()
    {
        foreach (var (pattern, model) in Pages())
        {
            var row = Table.Single(r => r.Pattern == pattern);
            var declared = model.GetCustomAttributes<AuthorizeAttribute>().Select(a => a.Policy).SingleOrDefault();
            var anonymousAllowed = model.GetCustomAttribute<AllowAnonymousAttribute>() is not null;
            Assert.That(anonymousAllowed ? Anyone : declared, Is.EqualTo(row.Policy), $"{model.Name} ({pattern})");
            foreach (var handler in GetHandlers(model))
                Assert.That(Table.Where(r => r.Policy == row.Policy).SelectMany(r => r.Urls)
                        .Any(u => u.Contains($"handler={handler}", StringComparison.Ordinal)),
                    $"{model.Name}: the GET handler {handler} has no URL in the role table");
        }
    }

    [Test]
    public async Task Anonymous_requests_are_sent_to_sign_in_or_refused_with_401()
    {
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => e.RoutePattern.RawText!.Trim('/')).ToHashSet();
        foreach (var route in Table.Where(r => r.Policy != Anyone))
            foreach (var url in route.Urls)
            {
                using var response = await anonymous.GetAsync(url);
                // A browser is sent to sign in only for a page; data (a chart, a download, /hangfire) gets 401.
                if (!pages.Contains(route.Pattern) || url.Contains("handler=", StringComparison.Ordinal))
                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), url);
                else
                {
                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), url);
                    Assert.That(response.Headers.Location!.OriginalString,
                        Does.StartWith("/signin?returnUrl=").Or.Contains("/signin?returnUrl="), url);
                }
            }
    }

    [Test]
    public async Task Pages_open_to_anyone_answer_without_asking_to_sign_in()
    {
        foreach (var url in Table.Where(r => r.Policy == Anyone).SelectMany(r => r.Urls))
        {
            using var response = await anonymous.GetAsync(url);
            Assert.That(response.StatusCode, Is.Not.EqualTo(HttpStatusCode.Redirect)
                .And.Not.EqualTo(HttpStatusCode.Unauthorized).And.Not.EqualTo(HttpStatusCode.Forbidden), url);
        }
    }

    [TestCaseSource(nameof(EveryRole))]
    public async Task Each_role_gets_200_or_403_exactly_as_the_table_says(string role)
    {
        foreach (var route in Table.Where(r => r.Policy != Anyone))
        {
            var allowed = Policies.Allows(route.Policy, r => r == role);
            foreach (var url in route.Urls)
            {
                using var response = await byRole[role].GetAsync(url);
                Assert.That(response.StatusCode, Is.EqualTo(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden),
                    $"{role} {url}");
            }
        }
    }

    [TestCaseSource(nameof(EveryRole))]
    public async Task A_refused_form_post_is_refused_before_its_handler_runs(string role)
    {
        foreach (var route in Table.Where(r => r.Policy != Anyone && !Policies.Allows(r.Policy, x => x == role)))
        {
            using var response = await byRole[role].PostAsync(route.Urls[0], new FormUrlEncodedContent([]));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{role} POST {route.Urls[0]}");
        }
    }

    // Razor pages, each with its route pattern (its own template, else its path) and model type.
    static IEnumerable<(string Pattern, Type Model)> Pages() =>
        typeof(Policies).Assembly.GetCustomAttributes<RazorCompiledItemAttribute>()
            .Where(a => a.Kind == "mvc.1.0.razor-page")
            .Select(a => (Pattern: PatternOf(a), Model: a.Type.GetProperty("Model")!.PropertyType));

    static string PatternOf(RazorCompiledItemAttribute item) =>
        (item.Type.GetCustomAttributes<RazorCompiledItemMetadataAttribute>()
             .FirstOrDefault(m => m.Key == "RouteTemplate")?.Value
         ?? item.Identifier["/Pages".Length..^".cshtml".Length]).Trim('/');

    static IEnumerable<string> GetHandlers(Type model) => model.GetMethods(BindingFlags.Public | BindingFlags.Instance)
        .Select(m => System.Text.RegularExpressions.Regex.Match(m.Name, "^OnGet(?!Async$)([A-Z][A-Za-z]*?)(Async)?$"))
        .Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct();
}
