using System.Net;
using System.Text.RegularExpressions;
using Impact.Warehouse.Accounts;
using Impact.Warehouse.Accounts.SignIn;
using Impact.Tests.Warehouse.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using SignInModel = Impact.Dashboard.Pages.Account.SignInModel;

namespace Impact.Tests.Dashboard.Pages.Account;

/// <summary>The sign-in form in a browser: one answer to every refusal, lockout, cookie, return path.</summary>
public sealed class SignInTests
{
    DashboardApp app = null!;
    TestClock clock = null!;
    AccountsKit kit = null!;

    [SetUp]
    public async Task StartApp()
    {
        clock = new TestClock(new DateTimeOffset(2025, 6, 2, 8, 0, 0, TimeSpan.Zero));
        var (started, warehouse) = await DashboardApp.OnSqliteAsync(seeded: true);
        app = new DashboardApp(started.DatabaseSetting) { Clock = clock };
        await started.DisposeAsync();
        kit = new AccountsKit(warehouse, clock);
    }

    [TearDown]
    public async Task StopApp() => await app.DisposeAsync();

    static Dictionary<string, string> Form(string email, string password) =>
        new() { ["email"] = email, ["password"] = password };

    static string Problem(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "<p class=\"problem\"[^>]*>(.*?)</p>").Groups[1].Value);

    [Test]
    public async Task An_unknown_email_and_a_wrong_password_get_the_same_answer()
    {
        var email = await kit.AddAsync(Roles.Executive);
        using var client = app.Anonymous();
        using var unknown = await client.PostFormAsync("/signin", Form("nobody@test.example", "some password"));
        using var wrong = await client.PostFormAsync("/signin", Form(email, "some password"));
        var unknownHtml = await unknown.Content.ReadAsStringAsync();
        var wrongHtml = await wrong.Content.ReadAsStringAsync();

        Assert.That((unknown.StatusCode, wrong.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
        Assert.That(Problem(unknownHtml), Is.EqualTo(SignInModel.Refused).And.EqualTo(Problem(wrongHtml)));
        Assert.That(WithoutValues(unknownHtml), Is.EqualTo(WithoutValues(wrongHtml)),
            "apart from the echoed email and the token, the pages are identical");
    }

    [Test]
    public async Task Five_failures_lock_the_account_for_fifteen_minutes_with_the_same_answer()
    {
        var email = await kit.AddAsync(Roles.Executive);
        using var client = app.Anonymous();
        for (var i = 0; i < Credentials.MaxFailedAttempts; i++)
            (await client.PostFormAsync("/signin", Form(email, $"guess number {i}"))).Dispose();

        using var locked = await client.PostFormAsync("/signin", Form(email, AccountsKit.Password));
        Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the right password is refused while locked");
        Assert.That(Problem(await locked.Content.ReadAsStringAsync()), Is.EqualTo(SignInModel.Refused));

        clock.Advance(Credentials.LockoutDuration + TimeSpan.FromSeconds(1));
        using var open = await client.PostFormAsync("/signin", Form(email, AccountsKit.Password));
        Assert.That(open.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_with_400()
    {
        var email = await kit.AddAsync(Roles.Admin);
        using var anonymous = app.Anonymous();
        using var signIn = await anonymous.PostAsync("/signin",
            new FormUrlEncodedContent(Form(email, AccountsKit.Password)));
        using var admin = await app.SignInAsync(email, AccountsKit.Password);
        using var addUser = await admin.PostAsync("/Admin/Users?handler=Add", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["email"] = "new@test.example", ["roles"] = "executive" }));

        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(addUser.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await kit.Users.FindAsync("new@test.example", CancellationToken.None), Is.Null);
    }

    [TestCase("/Metrics/fcr", "/Metrics/fcr")]
    [TestCase("https://evil.example/phish", "/")]
    [TestCase("//evil.example/phish", "/")]
    [TestCase("/\\evil.example", "/")]
    public async Task The_return_url_is_followed_only_to_a_path_on_this_site(string returnUrl, string expected)
    {
        var email = await kit.AddAsync(Roles.Executive);
        using var client = app.Anonymous();
        using var response = await client.PostFormAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}",
            Form(email, AccountsKit.Password), "/signin");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo(expected));
    }

    [TestCase("/signin")]
    [TestCase("/signin?returnUrl=%2F")]
    public async Task Someone_whose_roles_do_not_open_the_overview_lands_on_their_first_page(string signIn)
    {
        var email = await kit.AddAsync(Roles.DataStaff);
        using var client = app.Anonymous();
        using var response = await client.PostFormAsync(signIn, Form(email, AccountsKit.Password), "/signin");
        Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo("/Data"),
            "opening the product's address (the root) is no particular page, not the overview they cannot see");
    }

    [Test]
    public async Task The_session_cookie_is_http_only_same_site_lax_secure_over_https_and_ends_after_eight_hours()
    {
        var email = await kit.AddAsync(Roles.Executive);
        using var http = app.Anonymous();
        using var https = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false,
        });
        using var overHttp = await http.PostFormAsync("/signin", Form(email, AccountsKit.Password));
        using var overHttps = await https.PostFormAsync("/signin", Form(email, AccountsKit.Password));

        var plain = SessionCookie(overHttp);
        var secure = SessionCookie(overHttps);
        Assert.That(plain, Does.Contain("httponly").And.Contain("samesite=lax").And.Not.Contain("secure"));
        Assert.That(plain, Does.Not.Contain("expires"), "gone when the browser closes, and the ticket ends at 8 hours");
        Assert.That(secure, Does.Contain("httponly").And.Contain("samesite=lax").And.Contain("secure"));

        clock.Advance(TimeSpan.FromHours(8) - TimeSpan.FromMinutes(1));
        using (var during = await http.GetAsync("/")) Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        clock.Advance(TimeSpan.FromMinutes(2));
        using var after = await http.GetAsync("/");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "8 hours after signing in, however busy");
    }

    [Test]
    public async Task Signing_out_ends_the_session()
    {
        var email = await kit.AddAsync(Roles.Executive);
        using var client = await app.SignInAsync(email, AccountsKit.Password);
        using var signedOut = await client.PostFormAsync("/signout", [], "/signout");
        using var after = await client.GetAsync("/");

        Assert.That(signedOut.Headers.Location!.OriginalString, Is.EqualTo("/signin"));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Every_page_links_to_signing_out_which_only_a_post_with_its_token_does()
    {
        var email = await kit.AddAsync(Roles.Executive);
        using var client = await app.SignInAsync(email, AccountsKit.Password);
        var overview = await client.GetStringAsync("/");
        var link = Regex.Match(overview, "<a class=\"sign-out\" href=\"([^\"]+)\">Sign out</a>").Groups[1].Value;
        using var confirm = await client.GetAsync(link);
        using var forged = await client.PostAsync("/signout", new FormUrlEncodedContent([]));
        using var after = await client.GetAsync("/");

        Assert.That(overview, Does.Not.Contain("__RequestVerificationToken"), "no token made for every page");
        Assert.That(await confirm.Content.ReadAsStringAsync(), Does.Contain("__RequestVerificationToken"));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a post from elsewhere has no token");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "neither the link nor the forged post signed out");
    }

    static string WithoutValues(string html) => Regex.Replace(html, "value=\"[^\"]*\"", "");

    static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("impact_session=", StringComparison.Ordinal))
            .ToLowerInvariant();
}
