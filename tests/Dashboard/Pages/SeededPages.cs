using System.Net;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;

namespace Impact.Tests.Dashboard.Pages;

/// <summary>
/// What the page tests share, made once per test run rather than once per page: a seeded and an empty
/// warehouse per engine for the page queries, and the app on a seeded SQLite warehouse for the pages as a
/// browser gets them. NUnit runs this fixture's tear-down after the last test under this namespace.
/// </summary>
[SetUpFixture]
public sealed class SeededPages
{
    static readonly Dictionary<Engine, Task<(Database Seeded, Database Empty)>> Warehouses = [];
    static DashboardApp? app;

    /// <summary>Seeded once per engine; a skipped engine (no SQL Server) skips every fixture that asks.</summary>
    public static Task<(Database Seeded, Database Empty)> WarehousesAsync(Engine engine)
    {
        if (!Warehouses.TryGetValue(engine, out var made)) Warehouses[engine] = made = CreateAsync(engine);
        return made;
    }

    static async Task<(Database Seeded, Database Empty)> CreateAsync(Engine engine)
    {
        var seeded = await TestDatabases.CreateMigratedAsync(engine);
        await DashboardSeed.SeedAsync(seeded);
        return (seeded, await TestDatabases.CreateMigratedAsync(engine));
    }

    /// <summary>
    /// A client of the app, which the first fixture that asks starts (the tests do not run in parallel),
    /// signed in as someone holding every role: these tests are about what pages show, the route/role
    /// tests about who may see them. The app disposes the clients it made when it stops.
    /// </summary>
    public static async Task<HttpClient> ClientAsync()
    {
        app ??= (await DashboardApp.OnSqliteAsync(seeded: true)).App;
        return await app.ClientAsync(Impact.Warehouse.Accounts.Roles.All.Select(r => r.Name).ToArray());
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        if (app is not null) await app.DisposeAsync();
    }
}

/// <summary>A page's query tests on one engine, against the shared seeded and empty warehouses.</summary>
public abstract class PageQueryFixture(Engine engine)
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected Engine Engine { get; } = engine;
    protected Database Seeded { get; private set; } = null!;
    protected Database Empty { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task CreateWarehouses() => (Seeded, Empty) = await SeededPages.WarehousesAsync(Engine);
}

/// <summary>Pages as a browser gets them from the real app, on the shared seeded SQLite warehouse.</summary>
public abstract class RenderedPageFixture
{
    protected HttpClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartApp() => Client = await SeededPages.ClientAsync();

    protected async Task<string> Html(string url)
    {
        using var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{url}: {body[..Math.Min(body.Length, 400)]}");
        return WebUtility.HtmlDecode(body);
    }
}
