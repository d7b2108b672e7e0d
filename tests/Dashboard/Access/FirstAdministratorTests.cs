using System.Net;
using System.Text.RegularExpressions;
using Dapper;

namespace Impact.Tests.Dashboard.Access;

/// <summary>
/// A fresh installation: the first start makes an administrator and prints its one-time password on
/// the console (nowhere else); it opens only the page that replaces it; a second start prints nothing.
/// </summary>
public sealed class FirstAdministratorTests
{
    const string OwnPassword = "the administrator's own";

    [Test]
    public async Task The_first_start_prints_a_one_time_password_once_and_it_must_be_replaced_before_anything_else()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: true);
        string oneTime;
        await using (app)
        {
            _ = app.Services;
            var printed = app.Console.ToString();
            oneTime = Regex.Match(printed, @"password\s+(\S+)").Groups[1].Value;
            Assert.That(printed, Does.Contain("admin@localhost").And.Contain("/signin"));
            Assert.That(oneTime, Has.Length.EqualTo(23));
            Assert.That(app.Logs.ToString(), Does.Not.Contain(oneTime), "printed, never logged");

            using var client = app.Anonymous();
            using var signIn = await client.PostFormAsync("/signin",
                new() { ["email"] = "admin@localhost", ["password"] = oneTime });
            Assert.That(signIn.Headers.Location!.OriginalString, Is.EqualTo("/account/password?returnUrl=%2F"));
            using (var overview = await client.GetAsync("/Interventions"))
                Assert.That(overview.Headers.Location!.OriginalString,
                    Is.EqualTo("/account/password?returnUrl=%2FInterventions"),
                    "every page waits for the new password");
            using (var chart = await client.GetAsync("/?handler=Chart&metric=fcr"))
                Assert.That(chart.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            using (var page = await client.GetAsync("/account/password"))
                Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("Choose your password"));

            using var changed = await client.PostFormAsync("/account/password?returnUrl=%2FInterventions",
                new() { ["current"] = oneTime, ["password"] = OwnPassword, ["confirm"] = OwnPassword },
                "/account/password");
            Assert.That(changed.Headers.Location!.OriginalString, Is.EqualTo("/Interventions"));
            using (var after = await client.GetAsync("/Interventions"))
                Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));

            using var again = app.Anonymous();
            using var old = await again.PostFormAsync("/signin",
                new() { ["email"] = "admin@localhost", ["password"] = oneTime });
            Assert.That(old.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the one-time password worked once");
        }

        await using var second = new DashboardApp(app.DatabaseSetting);
        _ = second.Services;
        Assert.That(second.Console.ToString(), Is.Empty, "a second start prints nothing");
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        Assert.That(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users"), Is.EqualTo(1));
        var audit = string.Join("\n", await db.QueryAsync<string>("SELECT COALESCE(detail, '') FROM audit_log"));
        Assert.That(audit, Does.Not.Contain(oneTime));
    }
}
