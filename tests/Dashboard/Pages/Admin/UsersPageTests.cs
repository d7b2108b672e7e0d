using System.Net;
using System.Text.RegularExpressions;
using Impact.Warehouse.Accounts;
using Impact.Warehouse.Accounts.Audit;
using Impact.Tests.Warehouse.Accounts;

namespace Impact.Tests.Dashboard.Pages.Admin;

/// <summary>The Users and Audit pages as an administrator uses them: the same operations as `impact users`.</summary>
public sealed class UsersPageTests
{
    DashboardApp app = null!;
    HttpClient admin = null!;
    AccountsKit kit = null!;

    [SetUp]
    public async Task StartAsAdministrator()
    {
        Impact.Warehouse.Database warehouse;
        (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: true);
        kit = new AccountsKit(warehouse);
        admin = await app.ClientAsync(Roles.Admin);
    }

    [TearDown]
    public async Task Stop()
    {
        admin.Dispose();
        await app.DisposeAsync();
    }

    Task<HttpResponseMessage> Post(string handler, Dictionary<string, string> fields) =>
        admin.PostFormAsync($"/Admin/Users?handler={handler}", fields, "/Admin/Users");

    [Test]
    public async Task An_added_person_gets_a_one_time_password_shown_once_that_signs_them_in()
    {
        using var added = await admin.PostAsync("/Admin/Users?handler=Add", await FormAsync(
            ("email", "Nia@Example.com"), ("name", "Nia Lead"), ("roles", "ld_lead"), ("roles", "executive")));
        var html = WebUtility.HtmlDecode(await added.Content.ReadAsStringAsync());
        var oneTime = Regex.Match(html, @"<p class=""secret""><code>(\S+)</code>").Groups[1].Value;

        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("Added nia@example.com"));
        Assert.That(oneTime, Has.Length.EqualTo(23));
        Assert.That(await admin.GetStringAsync("/Admin/Users"), Does.Not.Contain(oneTime), "shown only in the answer");
        var nia = (await kit.Users.FindAsync("nia@example.com", CancellationToken.None))!;
        Assert.That(nia.Roles, Is.EqualTo(new[] { Roles.LdLead, Roles.Executive }));
        using var browser = app.Anonymous();
        using var signIn = await browser.PostFormAsync("/signin",
            new() { ["email"] = "nia@example.com", ["password"] = oneTime });
        Assert.That(signIn.Headers.Location!.OriginalString, Does.StartWith("/account/password"));
    }

    [Test]
    public async Task Roles_reset_unlock_and_remove_are_done_and_audited_with_who_did_them()
    {
        var email = await kit.AddAsync(Roles.Executive);
        using var roles = await admin.PostAsync("/Admin/Users?handler=Roles", await FormAsync(
            ("email", email), ("roles", "data_staff")));
        using var reset = await Post("Reset", new() { ["email"] = email });
        using var unlock = await Post("Unlock", new() { ["email"] = email });
        using var remove = await Post("Remove", new() { ["email"] = email });

        foreach (var r in new[] { roles, reset, unlock, remove })
            Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(WebUtility.HtmlDecode(await reset.Content.ReadAsStringAsync()), Does.Match(@"<code>\S{23}</code>"));
        Assert.That(await kit.Users.FindAsync(email, CancellationToken.None), Is.Null);
        var audit = await kit.Audit.LatestAsync(10, null, CancellationToken.None);
        var byAdmin = audit.Where(e => e.Subject == email && e.Action != AuditActions.UserAdded).ToList();
        Assert.That(byAdmin.Select(e => e.Action), Is.EqualTo(new[]
        {
            AuditActions.UserRemoved, AuditActions.Unlocked, AuditActions.PasswordReset, AuditActions.RolesChanged,
        }));
        Assert.That(byAdmin.Select(e => e.Actor).Distinct().Single(), Does.StartWith("admin."));
        Assert.That(byAdmin[^1].Detail, Is.EqualTo("executive → data_staff"));
    }

    [Test]
    public async Task A_refused_change_is_said_on_the_page_and_changes_nothing()
    {
        var before = await kit.Users.CountAsync(CancellationToken.None);
        using var response = await admin.PostAsync("/Admin/Users?handler=Add", await FormAsync(
            ("email", "not an email"), ("roles", "executive")));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.That(html, Does.Contain("role=\"alert\">'not an email' is not an email address.</p>"));
        Assert.That(html, Does.Not.Contain("class=\"secret\""), "no one-time password for a refused account");
        Assert.That(await kit.Users.CountAsync(CancellationToken.None), Is.EqualTo(before));
    }

    [Test]
    public async Task The_audit_log_lists_sign_ins_and_downloads_as_excel_safe_csv()
    {
        using (var browser = app.Anonymous())
            (await browser.PostFormAsync("/signin", new() { ["email"] = "=cmd|' /C calc'!A0", ["password"] = "x" }))
                .Dispose();
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Audit?action=sign_in_failed"));
        using var csv = await admin.GetAsync("/Admin/Audit?handler=Csv");
        var text = await csv.Content.ReadAsStringAsync();

        Assert.That(page, Does.Contain("=cmd|' /c calc'!a0"), "normalised as an email, shown as text");
        Assert.That(page, Does.Contain("<td>sign in failed</td>").And.Not.Contain("<td>signed in</td>"),
            "filtered to one action");
        Assert.That(csv.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(csv.Content.Headers.ContentDisposition!.FileName, Does.Contain("impact-audit-log.csv"));
        Assert.That(text, Does.Contain(",'=cmd|' /c calc'!a0,").And.Contain("signed_in"));
        var downloads = await kit.Audit.LatestAsync(5, AuditActions.ExportDownloaded, CancellationToken.None);
        Assert.That(downloads.Single().Subject, Is.EqualTo("audit log"));
    }

    /// <summary>A form with repeated fields (several roles), with the page's antiforgery token.</summary>
    async Task<FormUrlEncodedContent> FormAsync(params (string Name, string Value)[] fields)
    {
        var html = await admin.GetStringAsync("/Admin/Users");
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")
            .Groups[1].Value;
        return new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))
            .Append(KeyValuePair.Create("__RequestVerificationToken", WebUtility.HtmlDecode(token))));
    }
}
