using Dapper;
using Impact.Warehouse.Accounts;
using Impact.Warehouse.Accounts.Audit;
using Impact.Warehouse.Accounts.SignIn;
using Impact.Warehouse;
using Impact.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Impact.Tests.Warehouse.Accounts.SignIn;

/// <summary>Password checks with lockout, on every engine.</summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class CredentialsTests(Engine engine)
{
    static readonly Actor Caller = new("anonymous", "203.0.113.9");
    static readonly CancellationToken None = CancellationToken.None;

    [Test]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes_then_the_right_one_works()
    {
        var clock = new TestClock(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));
        var kit = new AccountsKit(await TestDatabases.CreateMigratedAsync(engine), clock);
        var email = await kit.AddAsync(Roles.Executive);

        for (var i = 0; i < Credentials.MaxFailedAttempts; i++)
            Assert.That(await kit.Credentials.CheckAsync(email, "wrong password " + i, Caller, None), Is.Null);
        Assert.That(await kit.Credentials.CheckAsync(email, AccountsKit.Password, Caller, None), Is.Null,
            "locked: even the right password is refused");
        clock.Advance(Credentials.LockoutDuration - TimeSpan.FromSeconds(1));
        Assert.That(await kit.Credentials.CheckAsync(email, AccountsKit.Password, Caller, None), Is.Null);
        clock.Advance(TimeSpan.FromSeconds(2));
        var user = await kit.Credentials.CheckAsync(email, AccountsKit.Password, Caller, None);

        Assert.That(user?.Email, Is.EqualTo(email));
        var stored = (await kit.Users.FindAsync(email, None))!;
        Assert.That((stored.FailedAttempts, stored.LockoutEnd), Is.EqualTo((0, (DateTimeOffset?)null)));
        Assert.That(stored.LastSignIn, Is.EqualTo(clock.Now));
        var locks = await kit.Audit.LatestAsync(10, AuditActions.LockedOut, None);
        Assert.That(locks.Select(e => (e.Subject, e.Origin)), Is.EqualTo(new[] { ((string?)email, Caller.Origin) }));
    }

    [Test]
    public async Task Four_failures_then_a_success_start_the_count_again()
    {
        var kit = new AccountsKit(await TestDatabases.CreateMigratedAsync(engine));
        var email = await kit.AddAsync(Roles.Executive);
        for (var i = 0; i < Credentials.MaxFailedAttempts - 1; i++)
            await kit.Credentials.CheckAsync(email, "nope nope nope", Caller, None);
        Assert.That(await kit.Credentials.CheckAsync(email, AccountsKit.Password, Caller, None), Is.Not.Null);
        for (var i = 0; i < Credentials.MaxFailedAttempts - 1; i++)
            await kit.Credentials.CheckAsync(email, "nope nope nope", Caller, None);
        Assert.That(await kit.Credentials.CheckAsync(email, AccountsKit.Password, Caller, None), Is.Not.Null);
    }

    [Test]
    public async Task An_unknown_email_is_refused_and_recorded_without_creating_anything()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var kit = new AccountsKit(warehouse);
        Assert.That(await kit.Credentials.CheckAsync("ghost@example.com", "whatever it is", Caller, None), Is.Null);
        var entry = (await kit.Audit.LatestAsync(5, null, None)).Single();
        Assert.That((entry.Action, entry.Subject, entry.Detail),
            Is.EqualTo((AuditActions.SignInFailed, "ghost@example.com", "no such account")));
        Assert.That(await kit.Users.CountAsync(None), Is.Zero);
    }

    [Test]
    public async Task A_hash_made_with_older_hasher_settings_is_replaced_at_sign_in()
    {
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        var kit = new AccountsKit(warehouse);
        var email = await kit.AddAsync(Roles.Executive);
        // ASP.NET Core Identity's version 2 format (PBKDF2-SHA1, 1,000 iterations), as an old store would hold.
        var old = new PasswordHasher<object>(Microsoft.Extensions.Options.Options.Create(
            new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }))
            .HashPassword(new object(), AccountsKit.Password);
        await using (var db = await warehouse.OpenAsync(None))
            await db.ExecuteAsync("UPDATE users SET password_hash = @old WHERE email = @email", new { old, email });

        Assert.That(await kit.Credentials.CheckAsync(email, AccountsKit.Password, Caller, None), Is.Not.Null);
        var rehashed = (await kit.Users.FindAsync(email, None))!.PasswordHash!;
        Assert.That(rehashed, Is.Not.EqualTo(old));
        Assert.That(Convert.FromBase64String(rehashed)[0], Is.EqualTo(0x01), "version 3 format marker");
        Assert.That(Passwords.Verify(rehashed, AccountsKit.Password), Is.EqualTo(PasswordCheck.Right));
    }
}
