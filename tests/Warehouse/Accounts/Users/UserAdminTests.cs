using Dapper;
using Impact.Warehouse.Accounts;
using Impact.Warehouse.Accounts.Audit;
using Impact.Warehouse.Accounts.Users;
using Impact.Warehouse;
using Impact.Tests.Infrastructure;

namespace Impact.Tests.Warehouse.Accounts.Users;

/// <summary>Accounts kept in the warehouse, on every engine: no plain password, audited changes, refusals.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class UserAdminTests(Engine engine)
{
    static readonly Actor Tester = new("tester@test.example", "127.0.0.1");
    static readonly CancellationToken None = CancellationToken.None;

    [Test]
    public async Task An_added_user_has_a_hashed_one_time_password_their_roles_and_an_audit_entry()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var kit = new AccountsKit(warehouse);
        var oneTime = await kit.Admin.AddAsync(Tester, "  Ann.Lee@Example.COM ", "Ann Lee",
            ["executive", "LD-Lead"], null, None);

        var ann = await kit.Users.FindAsync("ann.lee@example.com", None);
        Assert.That(oneTime, Does.Match("^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$"));
        Assert.That(ann, Is.Not.Null);
        Assert.That(ann!.Email, Is.EqualTo("ann.lee@example.com"));
        Assert.That(ann.Roles, Is.EqualTo(new[] { Roles.LdLead, Roles.Executive }));
        Assert.That(ann.MustChangePassword, Is.True);
        Assert.That(ann.PasswordHash, Does.Not.Contain(oneTime!));
        Assert.That(Passwords.Verify(ann.PasswordHash, oneTime!), Is.EqualTo(PasswordCheck.Right));
        var entry = (await kit.Audit.LatestAsync(10, AuditActions.UserAdded, None)).Single();
        Assert.That((entry.Actor, entry.Subject, entry.Origin), Is.EqualTo((Tester.Name, ann.Email, Tester.Origin)));
        await using var db = await warehouse.OpenAsync(None);
        var stored = await db.QueryAsync<string>("SELECT password_hash FROM users");
        Assert.That(stored.Single(), Does.Not.Contain(oneTime!), "no plain password in the warehouse");
    }

    [Test]
    public async Task A_taken_email_an_unknown_role_and_a_short_password_are_refused_with_a_sentence()
    {
        var kit = new AccountsKit(await TestDatabases.CreateMigratedAsync(engine));
        await kit.Admin.AddAsync(Tester, "bob@example.com", "Bob", ["data_staff"], null, None);

        Assert.That(() => kit.Admin.AddAsync(Tester, "BOB@example.com", "", ["admin"], null, None),
            Throws.TypeOf<ImpactException>().With.Message.EqualTo("bob@example.com already has an account."));
        Assert.That(() => kit.Admin.AddAsync(Tester, "carl@example.com", "", ["boss"], null, None),
            Throws.TypeOf<ImpactException>().With.Message.Contains("'boss' is not a role"));
        Assert.That(() => kit.Admin.AddAsync(Tester, "carl@example.com", "", ["admin"], "short", None),
            Throws.TypeOf<ImpactException>().With.Message.Contains($"at least {Passwords.MinLength} characters"));
        Assert.That(() => kit.Admin.AddAsync(Tester, "not-an-email", "", ["admin"], null, None),
            Throws.TypeOf<ImpactException>().With.Message.Contains("is not an email address"));
        Assert.That((await kit.Users.ListAsync(None)).Select(u => u.Email), Is.EqualTo(new[] { "bob@example.com" }));
    }

    [Test]
    public async Task Changing_roles_or_password_or_removing_gives_a_new_security_stamp_or_none()
    {
        var kit = new AccountsKit(await TestDatabases.CreateMigratedAsync(engine));
        var email = await kit.AddAsync(Roles.Executive);
        var before = (await kit.Users.FindAsync(email, None))!;

        await kit.Admin.SetRolesAsync(Tester, email, [Roles.Executive, Roles.DataStaff], None);
        var afterRoles = (await kit.Users.FindAsync(email, None))!;
        await kit.Admin.ResetPasswordAsync(Tester, email, None);
        var afterReset = (await kit.Users.FindAsync(email, None))!;
        await kit.Admin.RemoveAsync(Tester, email, None);

        Assert.That(afterRoles.Roles, Is.EqualTo(new[] { Roles.DataStaff, Roles.Executive }));
        Assert.That(afterRoles.SecurityStamp, Is.Not.EqualTo(before.SecurityStamp));
        Assert.That(afterReset.SecurityStamp, Is.Not.EqualTo(afterRoles.SecurityStamp));
        Assert.That(afterReset.MustChangePassword, Is.True);
        Assert.That(await kit.Users.SecurityStampAsync(before.UserId, None), Is.Null);
        var actions = (await kit.Audit.LatestAsync(10, null, None)).Select(e => e.Action);
        Assert.That(actions, Is.EqualTo(new[]
        {
            AuditActions.UserRemoved, AuditActions.PasswordReset, AuditActions.RolesChanged, AuditActions.UserAdded,
        }));
    }

    [Test]
    public async Task The_last_administrator_cannot_be_removed_or_lose_the_role()
    {
        var kit = new AccountsKit(await TestDatabases.CreateMigratedAsync(engine));
        var admin = await kit.AddAsync(Roles.Admin);

        Assert.That(() => kit.Admin.RemoveAsync(Tester, admin, None),
            Throws.TypeOf<ImpactException>().With.Message.Contains("is the only administrator"));
        Assert.That(() => kit.Admin.SetRolesAsync(Tester, admin, [Roles.Executive], None),
            Throws.TypeOf<ImpactException>().With.Message.Contains("is the only administrator"));

        var second = await kit.AddAsync(Roles.Admin);
        await kit.Admin.SetRolesAsync(Tester, admin, [Roles.Executive], None);
        Assert.That((await kit.Users.FindAsync(admin, None))!.Roles, Is.EqualTo(new[] { Roles.Executive }));
        Assert.That(await kit.Users.AdministratorsAsync(None), Has.Count.EqualTo(1).And.Exactly(1)
            .Matches<(string Name, string Email)>(a => a.Email == second));
    }

    [Test]
    public async Task The_first_administrator_is_made_only_while_there_are_no_accounts()
    {
        var kit = new AccountsKit(await TestDatabases.CreateMigratedAsync(engine));
        var first = await kit.Admin.CreateFirstAdminAsync("admin@localhost", None);
        var second = await kit.Admin.CreateFirstAdminAsync("admin@localhost", None);

        Assert.That(first, Is.Not.Null);
        Assert.That(second, Is.Null);
        var admin = (await kit.Users.ListAsync(None)).Single();
        Assert.That(admin.Roles, Is.EqualTo(Roles.All.Select(r => r.Name)));
        Assert.That(admin.MustChangePassword, Is.True);
    }

    [Test]
    public async Task Single_sign_on_makes_the_account_then_keeps_its_roles_as_the_provider_says()
    {
        var kit = new AccountsKit(await TestDatabases.CreateMigratedAsync(engine));
        var first = await kit.SingleSignOn.SignInAsync("Dee@Corp.example", "Dee", [Roles.Executive], Tester, None);
        var again = await kit.SingleSignOn.SignInAsync("dee@corp.example", "Dee Doe", [Roles.Executive], Tester, None);
        var moved = await kit.SingleSignOn.SignInAsync("dee@corp.example", "Dee Doe", [Roles.LdLead], Tester, None);

        Assert.That(first.Source, Is.EqualTo(UserAccount.SingleSignOnSource));
        Assert.That(first.PasswordHash, Is.Null);
        Assert.That(again.SecurityStamp, Is.EqualTo(first.SecurityStamp), "same roles: sessions stay");
        Assert.That(again.Name, Is.EqualTo("Dee Doe"));
        Assert.That(moved.Roles, Is.EqualTo(new[] { Roles.LdLead }));
        Assert.That(moved.SecurityStamp, Is.Not.EqualTo(first.SecurityStamp), "new roles: old sessions end");
        Assert.That(moved.LastSignIn, Is.Not.Null);
    }
}
