using System.Net;
using System.Text.RegularExpressions;
using Impact.Warehouse.Accounts;
using Impact.Warehouse.Accounts.Audit;
using Impact.Warehouse.Accounts.Users;
using Impact.Dashboard.Access;
using Impact.Tests.Warehouse.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Impact.Tests.Dashboard.Access;

/// <summary>
/// Single sign-on end to end against an OpenID provider started on loopback: the browser's trip to the
/// provider and back (authorization code with PKCE, form_post answer), the dashboard's back-channel
/// exchange of the code, and the provider's groups mapped to Impact roles.
/// </summary>
public sealed class SingleSignOnTests
{
    // The dashboard under test answers at https://localhost (TestServer): the session cookie and the
    // handler's correlation cookie (SameSite=None) must be Secure, as in production.
    const string DashboardBase = "https://localhost";

    TestIdentityProvider provider = null!;
    DashboardApp app = null!;

    [SetUp]
    public async Task StartProviderAndDashboard()
    {
        provider = await TestIdentityProvider.StartAsync($"{DashboardBase}{SingleSignOn.CallbackPath}");
        var oidc = $"{AuthOptions.Section}:Oidc";
        (app, _) = await DashboardApp.OnSqliteAsync(seeded: true, new Dictionary<string, string?>
        {
            [$"{oidc}:Authority"] = provider.Authority,
            [$"{oidc}:ClientId"] = TestIdentityProvider.ClientId,
            [SingleSignOnOptions.SecretVariable] = TestIdentityProvider.ClientSecret,
            [$"{oidc}:RequireHttpsMetadata"] = "false",
            [$"{oidc}:DisplayName"] = "Corp ID",
            [$"{oidc}:RoleClaim"] = TestIdentityProvider.GroupsClaim,
            [$"{oidc}:Roles:executive"] = "Board, Leadership",
            [$"{oidc}:Roles:ld_lead"] = "L&D team",
        });
    }

    [TearDown]
    public async Task Stop()
    {
        await app.DisposeAsync();
        await provider.DisposeAsync();
    }

    HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri(DashboardBase), AllowAutoRedirect = false,
    });

    [Test]
    public async Task Signing_in_through_the_provider_maps_its_groups_to_roles_and_opens_the_page_asked_for()
    {
        provider.Person = new ProviderPerson("u-42", "Dana.Board@Corp.example", "Dana Board", "Board", "Golf club");
        using var browser = Browser();

        var signInPage = await browser.GetStringAsync("/signin?returnUrl=%2FInterventions");
        Assert.That(signInPage, Does.Contain("Sign in with Corp ID"));
        using var landed = await SignInThroughProviderAsync(browser, "/Interventions");

        Assert.That(landed.Headers.Location!.OriginalString, Is.EqualTo("/Interventions"));
        Assert.That(provider.CodesRedeemed, Is.EqualTo(1), "the code was exchanged on the back channel");
        using (var page = await browser.GetAsync("/Interventions"))
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using (var data = await browser.GetAsync("/Data"))
            Assert.That(data.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var kit = new AccountsKit(app.Warehouse);
        var dana = (await kit.Users.FindAsync("dana.board@corp.example", CancellationToken.None))!;
        Assert.That((dana.Name, dana.Source, dana.PasswordHash),
            Is.EqualTo(("Dana Board", UserAccount.SingleSignOnSource, (string?)null)));
        Assert.That(dana.Roles, Is.EqualTo(new[] { Roles.Executive }));
        var signedIn = (await kit.Audit.LatestAsync(5, AuditActions.SignedIn, CancellationToken.None)).Single();
        Assert.That(signedIn.Detail, Is.EqualTo("single sign-on"));
    }

    [Test]
    public async Task Someone_the_provider_knows_but_with_no_mapped_group_is_turned_back_with_a_reason()
    {
        provider.Person = new ProviderPerson("u-7", "visitor@corp.example", "Vic Visitor", "Golf club");
        using var browser = Browser();
        using var back = await SignInThroughProviderAsync(browser, "/");

        Assert.That(back.Headers.Location!.OriginalString, Is.EqualTo("/signin?sso=refused"));
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync("/signin?sso=refused"));
        Assert.That(page, Does.Contain("did not give you an Impact role"));
        using (var overview = await browser.GetAsync("/"))
            Assert.That(overview.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "not signed in");
        var kit = new AccountsKit(app.Warehouse);
        Assert.That(await kit.Users.FindAsync("visitor@corp.example", CancellationToken.None), Is.Null);
        var refused = (await kit.Audit.LatestAsync(5, AuditActions.SignInRefused, CancellationToken.None)).Single();
        Assert.That(refused.Subject, Is.EqualTo("visitor@corp.example"));
    }

    [Test]
    public async Task Password_accounts_keep_working_beside_single_sign_on()
    {
        var email = await new AccountsKit(app.Warehouse).AddAsync(Roles.DataStaff);
        using var client = await app.SignInAsync(email, AccountsKit.Password);
        using var data = await client.GetAsync("/Data");
        Assert.That(data.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task With_local_accounts_turned_off_only_the_provider_signs_people_in()
    {
        await using var ssoOnly = new DashboardApp(app.DatabaseSetting, new Dictionary<string, string?>
        {
            [$"{AuthOptions.Section}:LocalAccounts"] = "false",
            [$"{AuthOptions.Section}:Oidc:Authority"] = provider.Authority,
            [$"{AuthOptions.Section}:Oidc:ClientId"] = TestIdentityProvider.ClientId,
            [$"{AuthOptions.Section}:Oidc:RequireHttpsMetadata"] = "false",
        });
        using var browser = ssoOnly.Anonymous();
        var page = await browser.GetStringAsync("/signin");
        using var posted = await browser.PostAsync("/signin", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["email"] = "admin@localhost", ["password"] = "anything at all" }));

        Assert.That(page, Does.Not.Contain("name=\"password\"").And.Contain("Sign in with"));
        Assert.That(posted.StatusCode, Is.Not.EqualTo(HttpStatusCode.Redirect), "no password sign-in");
        Assert.That(ssoOnly.Console.ToString(), Is.Empty, "no first administrator with a password to print");
    }

    /// <summary>
    /// The browser's part: the dashboard sends it to the provider with a PKCE challenge; the provider
    /// answers with a form that posts the code back to the dashboard, which answers with its redirect.
    /// </summary>
    async Task<HttpResponseMessage> SignInThroughProviderAsync(HttpClient browser, string returnUrl)
    {
        using var challenge = await browser.GetAsync(
            $"/signin?handler=SingleSignOn&returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.That(challenge.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var authorize = challenge.Headers.Location!;
        Assert.That(authorize.ToString(), Does.StartWith(provider.Authority + "connect/authorize"));
        Assert.That(authorize.Query, Does.Contain("code_challenge=").And.Contain("code_challenge_method=S256")
            .And.Contain("response_type=code"));

        using var atProvider = new HttpClient { BaseAddress = new Uri(provider.Authority) };
        var formPost = await atProvider.GetStringAsync(authorize);
        var action = Regex.Match(formPost, "<form[^>]*action=\"([^\"]+)\"").Groups[1].Value;
        Assert.That(WebUtility.HtmlDecode(action), Is.EqualTo($"{DashboardBase}{SingleSignOn.CallbackPath}"), formPost);
        var fields = Regex.Matches(formPost, "<input[^>]*name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.That(fields.Keys, Does.Contain("code").And.Contain("state"));

        return await browser.PostAsync(SingleSignOn.CallbackPath, new FormUrlEncodedContent(fields));
    }
}
