using System.Net;
using System.Text.RegularExpressions;
using Impact.Warehouse.Accounts;
using Impact.Dashboard.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Impact.Tests.Dashboard.Access;

/// <summary>Headers on every answer; HSTS over HTTPS only; forwarded headers only from known proxies.</summary>
public sealed class SecurityHeadersTests
{
    [Test]
    public async Task Pages_errors_and_refusals_carry_the_content_security_policy_and_its_companions()
    {
        var (app, _) = await DashboardApp.OnSqliteAsync(seeded: true);
        await using var _app = app;
        using var signedIn = await app.ClientAsync(Roles.Executive);
        using var anonymous = app.Anonymous();

        foreach (var (client, url) in new[]
                 {
                     (signedIn, "/"), (signedIn, "/Metrics/nope"), (signedIn, "/Data"), (anonymous, "/signin"),
                     (anonymous, "/"), (anonymous, "/?handler=Chart&metric=fcr"), (signedIn, "/css/site.css"),
                 })
        {
            using var response = await client.GetAsync(url);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.That(csp, Does.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'")
                .And.Not.Contain("unsafe-inline"), url);
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"), url);
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("same-origin"), url);
            Assert.That(response.Headers.Contains("Strict-Transport-Security"), Is.False, $"{url} over plain HTTP");
        }
    }

    [Test]
    public async Task No_page_has_inline_script_style_or_event_handlers_that_the_policy_would_block()
    {
        var (app, _) = await DashboardApp.OnSqliteAsync(seeded: true);
        await using var _app = app;
        using var client = await app.ClientAsync(Roles.All.Select(r => r.Name).ToArray());
        foreach (var url in new[] { "/", "/Interventions", "/Interventions/coach", "/Metrics/fcr", "/Engagement",
                     "/Data", "/Admin/Users", "/Admin/Audit", "/account/password", "/signout" })
        {
            var html = await client.GetStringAsync(url);
            Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("<style"), url);
            Assert.That(Regex.IsMatch(html, @"\s(style|on[a-z]+)\s*=", RegexOptions.IgnoreCase), Is.False, url);
        }
    }

    [Test]
    public async Task Hsts_is_sent_over_https_only()
    {
        var (app, _) = await DashboardApp.OnSqliteAsync(seeded: false);
        await using var _app = app;
        using var https = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://impact.example"), AllowAutoRedirect = false,
        });
        using var http = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://impact.example"), AllowAutoRedirect = false,
        });
        using var secure = await https.GetAsync("/signin");
        using var plain = await http.GetAsync("/signin");
        Assert.That(secure.Headers.GetValues("Strict-Transport-Security").Single(), Does.Contain("max-age=31536000"));
        Assert.That(plain.Headers.Contains("Strict-Transport-Security"), Is.False);
    }

    [Test]
    public async Task Forwarded_headers_are_believed_only_from_a_configured_proxy()
    {
        var (app, _) = await DashboardApp.OnSqliteAsync(seeded: false,
            new Dictionary<string, string?> { [$"{AuthOptions.Section}:KnownProxies:0"] = "10.0.0.5" });
        await using var _app = app;

        var viaProxy = await SignInPageFrom(app, "10.0.0.5");
        var direct = await SignInPageFrom(app, "10.0.0.9");

        Assert.That(viaProxy.Headers.ContainsKey("Strict-Transport-Security"), Is.True,
            "the proxy said the browser came over HTTPS");
        Assert.That(direct.Headers.ContainsKey("Strict-Transport-Security"), Is.False,
            "anyone else saying so is not believed");
    }

    // The request as it reaches the app from a given address, saying it was forwarded from HTTPS.
    static async Task<HttpResponse> SignInPageFrom(DashboardApp app, string remote)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Scheme = "http";
            c.Request.Host = new HostString("impact.example");
            c.Request.Path = "/signin";
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "198.51.100.7";
            c.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        });
        Assert.That(context.Response.StatusCode, Is.EqualTo(200));
        return context.Response;
    }
}
