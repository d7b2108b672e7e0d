using System.Net;
using System.Text.RegularExpressions;
using Impact.Tests.Warehouse.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Impact.Tests.Dashboard;

/// <summary>
/// Browsers for the dashboard tests: a user with given roles is added straight to the warehouse and
/// signed in through the real form (antiforgery token and all), so every page test passes the gate
/// a person passes. Clients do not follow redirects: a test sees each answer as the browser gets it.
/// </summary>
public static partial class SignedIn
{
    public static HttpClient Anonymous(this DashboardApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A new account holding these roles, signed in.</summary>
    public static async Task<HttpClient> ClientAsync(this DashboardApp app, params string[] roles)
    {
        _ = app.Services; // started first: the app brings the schema up to date
        var email = await new AccountsKit(app.Warehouse).AddAsync(roles);
        return await app.SignInAsync(email, AccountsKit.Password);
    }

    public static async Task<HttpClient> SignInAsync(this DashboardApp app, string email, string password)
    {
        var client = app.Anonymous();
        using var response = await client.PostFormAsync("/signin",
            new() { ["email"] = email, ["password"] = password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect),
            $"signing in {email}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Fills and posts a form as a browser does: the antiforgery token comes from the page first.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url,
        Dictionary<string, string> fields, string? formPage = null)
    {
        using var page = await client.GetAsync(formPage ?? url);
        var token = Token().Match(await page.Content.ReadAsStringAsync());
        Assert.That(token.Success, $"no antiforgery token on {formPage ?? url} ({page.StatusCode})");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
