using System.Net;
using Impact.Warehouse.Accounts;
using Impact.Warehouse.Accounts.Audit;
using Impact.Tests.Warehouse.Accounts;
using Impact.Tests.Infrastructure;

namespace Impact.Tests.Dashboard.Access;

/// <summary>A session ends once its account is removed or its roles change, wherever the change is made.</summary>
public sealed class SessionTests
{
    static readonly Actor Admin = new("admin@test.example", "127.0.0.1");

    [Test]
    public async Task A_removed_users_cookie_stops_working_at_the_next_request()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: true);
        await using var _ = app;
        var kit = new AccountsKit(warehouse);
        using var client = await app.ClientAsync(Roles.Executive);
        using (var before = await client.GetAsync("/")) Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await kit.Admin.RemoveAsync(Admin, await OnlyExecutiveAsync(kit), CancellationToken.None);
        using var after = await client.GetAsync("/");
        using var chart = await client.GetAsync("/?handler=Chart&metric=fcr");

        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(after.Headers.Location!.OriginalString, Does.Contain("/signin"));
        Assert.That(chart.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Changing_a_users_roles_from_the_command_line_ends_their_session()
    {
        var (app, warehouse) = await DashboardApp.OnSqliteAsync(seeded: true);
        await using var _ = app;
        var kit = new AccountsKit(warehouse);
        using var client = await app.ClientAsync(Roles.Executive);
        var email = await OnlyExecutiveAsync(kit);

        var cli = await ImpactProcess.RunAsync(
            "users", "roles", email, "--set", "data_staff", "--db", app.DatabaseSetting);
        Assert.That(cli.ExitCode, Is.Zero, cli.Error);
        using var after = await client.GetAsync("/");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "signed out: the old roles went with it");

        using var again = await app.SignInAsync(email, AccountsKit.Password);
        using var overview = await again.GetAsync("/");
        using var data = await again.GetAsync("/Data");
        Assert.That((overview.StatusCode, data.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.OK)));
    }

    static async Task<string> OnlyExecutiveAsync(AccountsKit kit) =>
        (await kit.Users.ListAsync(CancellationToken.None)).Single(u => u.Roles.SequenceEqual([Roles.Executive])).Email;
}
