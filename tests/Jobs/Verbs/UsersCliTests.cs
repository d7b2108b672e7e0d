using System.Text.Json;
using System.Text.RegularExpressions;
using Impact.Warehouse.Accounts;
using Impact.Warehouse.Accounts.Audit;
using Impact.Warehouse;
using Impact.Tests.Warehouse.Accounts;
using Impact.Tests.Infrastructure;

namespace Impact.Tests.Jobs.Verbs;

/// <summary><c>impact users</c> as an administrator types it, against a fresh SQLite warehouse.</summary>
public sealed class UsersCliTests
{
    string db = null!;
    Database warehouse = null!;

    [SetUp]
    public async Task FreshWarehouse()
    {
        db = "sqlite:" + TempFiles.NewPath(".db");
        warehouse = Database.FromSetting(db);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
    }

    Task<ProcessResult> Impact(params string[] args) => ImpactProcess.RunAsync([.. args, "--db", db]);

    /// <summary>With text on standard input, as a script would pipe a password in.</summary>
    Task<ProcessResult> Piped(string input, params string[] args) =>
        ImpactProcess.RunAsync([.. args, "--db", db], input: input);

    [Test]
    public async Task Add_prints_a_one_time_password_that_signs_in_once_and_must_be_changed()
    {
        var added = await Impact("users", "add", "Erin@Example.com", "--name", "Erin Exec", "--role", "executive");

        Assert.That(added.ExitCode, Is.Zero, added.Error);
        var oneTime = Regex.Match(added.Output, @"One-time password: (\S+)").Groups[1].Value;
        Assert.That(oneTime, Has.Length.EqualTo(23));
        var erin = await new AccountsKit(warehouse).Credentials.CheckAsync("erin@example.com", oneTime,
            new Actor("anonymous", null), CancellationToken.None);
        Assert.That(erin?.MustChangePassword, Is.True);
        Assert.That(erin!.Roles, Is.EqualTo(new[] { Roles.Executive }));
        var kit = new AccountsKit(warehouse);
        var audit = (await kit.Audit.LatestAsync(5, AuditActions.UserAdded, CancellationToken.None)).Single();
        Assert.That(audit.Actor, Does.StartWith("cli:"));
        Assert.That(audit.Origin, Does.StartWith("command line on "));
    }

    [Test]
    public async Task Password_stdin_reads_the_users_own_password_and_prints_none()
    {
        var added = await Piped("my own long password\n", "users", "add", "sam@example.com", "--role", "data-staff",
            "--role", "ld_lead", "--password-stdin");

        Assert.That(added.ExitCode, Is.Zero, added.Error);
        Assert.That(added.Output, Does.Not.Contain("One-time").And.Not.Contain("my own long password"));
        var sam = await new AccountsKit(warehouse).Credentials.CheckAsync("sam@example.com", "my own long password",
            new Actor("anonymous", null), CancellationToken.None);
        Assert.That(sam?.MustChangePassword, Is.False);
        Assert.That(sam!.Roles, Is.EqualTo(new[] { Roles.LdLead, Roles.DataStaff }));
    }

    [Test]
    public async Task List_roles_reset_unlock_and_remove_work_on_one_account()
    {
        await Piped("pass-phrase-long\n", "users", "add", "kim@example.com", "--role", "executive", "--password-stdin");
        await Piped("pass-phrase-long\n", "users", "add", "boss@example.com", "--role", "admin", "--password-stdin");

        var roles = await Impact("users", "roles", "kim@example.com", "--set", "executive", "ld_lead");
        var json = await Impact("users", "list", "--json");
        var reset = await Impact("users", "reset-password", "kim@example.com");
        var unlock = await Impact("users", "unlock", "kim@example.com");
        var remove = await Impact("users", "remove", "kim@example.com");
        var table = await Impact("users", "list");

        foreach (var r in new[] { roles, json, reset, unlock, remove, table })
            Assert.That(r.ExitCode, Is.Zero, r.Error);
        Assert.That(roles.Output, Does.Contain("kim@example.com now holds ld_lead, executive"));
        using var listed = JsonDocument.Parse(json.Output);
        var kim = listed.RootElement.EnumerateArray()
            .Single(u => u.GetProperty("email").GetString() == "kim@example.com");
        Assert.That(kim.GetProperty("roles").EnumerateArray().Select(r => r.GetString()),
            Is.EqualTo(new[] { "ld_lead", "executive" }));
        Assert.That(kim.TryGetProperty("passwordHash", out _), Is.False, "no hash in the listing");
        Assert.That(reset.Output, Does.Match(@"One-time password: \S{23}"));
        Assert.That(table.Output, Does.Contain("boss@example.com").And.Not.Contain("kim@example.com"));
    }

    [TestCase("bad role", "'boss' is not a role", "users", "add", "x@example.com", "--role", "boss")]
    [TestCase("taken", "boss@example.com already has an account",
        "users", "add", "boss@example.com", "--role", "admin")]
    [TestCase("unknown", "No account has the email nobody@example.com", "users", "remove", "nobody@example.com")]
    [TestCase("last admin", "is the only administrator", "users", "roles", "boss@example.com", "--set", "executive")]
    public async Task Refusals_exit_1_with_one_sentence(string why, string expected, params string[] args)
    {
        await Piped("pass-phrase-long\n", "users", "add", "boss@example.com", "--role", "admin", "--password-stdin");
        var result = await Impact(args);
        Assert.That(result.ExitCode, Is.EqualTo(1), why);
        Assert.That(result.Error, Does.Contain(expected));
        Assert.That(result.Error.Trim().Split('\n'), Has.Length.EqualTo(1), result.Error);
    }
}
