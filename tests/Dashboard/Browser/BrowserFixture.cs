using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Impact.Tests.Warehouse.Accounts;
using Impact.Warehouse.Accounts;
using Microsoft.Playwright;

namespace Impact.Tests.Dashboard.Browser;

/// <summary>
/// The dashboard on a real loopback port (Kestrel) over the seeded SQLite warehouse, and Debian's Chromium driven
/// headless by Playwright (no browser download: the executable is given). Every page visited is kept as a
/// screenshot under <see cref="ScreenshotFolder"/>, attached to the test result when a test fails.
/// Without Chromium the tests are skipped and say why, unless IMPACT_TEST_REQUIRE_BROWSER is set (CI).
/// </summary>
public abstract class BrowserFixture
{
    public const string Chromium = "/usr/bin/chromium";
    public const int Wide = 1400, Phone = 390;

    static DashboardApp? app;
    static IPlaywright? playwright;
    static IBrowser? browser;
    protected static string BaseUrl { get; private set; } = "";

    public static string ScreenshotFolder =>
        Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");

    readonly List<string> shots = [];

    [OneTimeSetUp]
    public async Task StartBrowser()
    {
        if (!File.Exists(Chromium))
        {
            var why = $"{Chromium} is missing (apt-get install chromium fonts-dejavu-core fonts-liberation2)";
            if (Environment.GetEnvironmentVariable("IMPACT_TEST_REQUIRE_BROWSER") is { Length: > 0 })
                Assert.Fail($"Browser tests must run here, but {why}.");
            Assert.Ignore($"Browser test skipped: {why}.");
        }
        if (app is null)
        {
            var (made, _) = await DashboardApp.OnSqliteAsync(seeded: true);
            // Port 0: the system picks a free one when Kestrel binds, so no other process can take it first.
            made.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            made.StartServer();
            app = made;
            BaseUrl = made.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
                .Addresses.Single();
        }
        playwright ??= await Playwright.CreateAsync();
        browser ??= await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A browser tab at this width, signed in through the real form as a new account with these roles.
    /// </summary>
    protected static async Task<IPage> SignedInAsync(int width, params string[] roles)
    {
        var email = await new AccountsKit(app!.Warehouse).AddAsync(roles);
        var context = await browser!.NewContextAsync(new()
        {
            BaseURL = BaseUrl, ViewportSize = new() { Width = width, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("input[name=email]", email);
        await page.FillAsync("input[name=password]", AccountsKit.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        return page;
    }

    /// <summary>A browser tab at this width that has not signed in, for content the test puts there itself.</summary>
    protected static async Task<IPage> BlankPageAsync(int width)
    {
        var context = await browser!.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>The whole page as a PNG, named after the page and width; lazy images are scrolled into view first
    /// so the picture shows what a reader scrolling down sees.</summary>
    protected async Task<string> ShotAsync(IPage page, string name)
    {
        await LoadAllImagesAsync(page);
        var width = page.ViewportSize?.Width ?? 0;
        var path = Path.Combine(ScreenshotFolder, $"{name}-{width}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        shots.Add(path);
        return path;
    }

    /// <summary>Every image on the page scrolled to and awaited; returns those that drew nothing.</summary>
    protected static async Task<IReadOnlyList<string>> LoadAllImagesAsync(IPage page)
    {
        foreach (var img in await page.Locator("img").AllAsync()) await img.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("() => [...document.images].every(i => i.complete)");
        return await page.EvaluateAsync<string[]>(
            "() => [...document.images].filter(i => i.naturalWidth === 0).map(i => i.getAttribute('src'))");
    }

    [TearDown]
    public void KeepScreenshotsOfAFailure()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            foreach (var shot in shots.Where(File.Exists)) TestContext.AddTestAttachment(shot);
        shots.Clear();
    }

    internal static async Task StopSharedAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        if (app is not null) await app.DisposeAsync();
        (browser, playwright, app) = (null, null, null);
    }

    protected static string[] Everyone => Roles.All.Select(r => r.Name).ToArray();
}

/// <summary>Closes the shared browser and app once every browser test in this namespace has run.</summary>
[SetUpFixture]
public sealed class BrowserTeardown
{
    [OneTimeTearDown]
    public Task Stop() => BrowserFixture.StopSharedAsync();
}
