using System.CommandLine;
using System.Text.Json;
using Impact.Warehouse.Accounts;
using Impact.Warehouse.Accounts.Audit;
using Impact.Warehouse.Accounts.Users;
using Impact.Warehouse;

namespace Impact.Jobs.Verbs;

/// <summary>
/// <c>impact users …</c>: manage who may sign in to the dashboard and with which roles. Each change is
/// written to the audit log as done by <c>cli:&lt;operating-system account&gt;</c>.
/// </summary>
public static class UsersVerb
{
    public static Command Create()
    {
        var command = new Command("users", $"Manage dashboard users and their roles: {RoleNames}.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        command.Subcommands.Add(SetRoles());
        command.Subcommands.Add(ResetPassword());
        command.Subcommands.Add(Unlock());
        return command;
    }

    /// <summary>Who the audit log names for a change made here: the operating-system account and machine.</summary>
    internal static Actor CommandLine() =>
        new($"cli:{Environment.UserName}", $"command line on {Environment.MachineName}");

    static string RoleNames => string.Join(", ", Roles.All.Select(r => r.Name));

    static Argument<string> Email() => new("email") { Description = "The person's email: their sign-in name." };

    static Command Add()
    {
        var email = Email();
        var name = new Option<string?>("--name") { Description = "Their name as the dashboard shows it." };
        var role = new Option<string[]>("--role")
        {
            Description = $"A role to give (repeat for several): {RoleNames}.",
            Required = true,
        };
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the user's own password from standard input (for scripts); no forced change then.",
        };
        var command = new Command("add", "Add a user. Prints a one-time password that must be changed at first " +
            "sign-in, unless --password-stdin gives their password.") { email, name, role, passwordStdin };
        command.SetVerbAction(async (parse, ct) =>
        {
            var password = parse.GetValue(passwordStdin) ? await ReadPasswordAsync(ct) : null;
            var roles = parse.GetValue(role)!;
            var admin = await AdminAsync(parse, ct);
            var oneTime = await admin.AddAsync(CommandLine(), parse.GetValue(email)!,
                parse.GetValue(name) ?? "", roles, password, ct);
            Console.WriteLine($"Added {EmailAddress.Normalize(parse.GetValue(email)!)} " +
                $"({string.Join(", ", Roles.ParseAll(roles))}).");
            if (oneTime is not null) PrintOneTime(oneTime);
            return 0;
        });
        return command;
    }

    static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print the users as JSON." };
        var command = new Command("list", "List users with their roles, last sign-in and lockout.") { json };
        command.SetVerbAction(async (parse, ct) =>
        {
            var users = await (await StoreAsync(parse, ct)).ListAsync(ct);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(users.Select(AsJson), JsonOptions));
            else PrintTable(users);
            return 0;
        });
        return command;
    }

    static Command Remove()
    {
        var email = Email();
        var command = new Command("remove", "Remove a user; their open sessions end at their next request.") { email };
        command.SetVerbAction(async (parse, ct) =>
        {
            var admin = await AdminAsync(parse, ct);
            await admin.RemoveAsync(CommandLine(), parse.GetValue(email)!, ct);
            Console.WriteLine($"Removed {EmailAddress.Normalize(parse.GetValue(email)!)}.");
            return 0;
        });
        return command;
    }

    static Command SetRoles()
    {
        var email = Email();
        var set = new Option<string[]>("--set")
        {
            Description = "The roles the user holds from now on (replacing the old ones).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("roles", "Replace a user's roles; their open sessions end, so the change " +
            "applies at once.") { email, set };
        command.SetVerbAction(async (parse, ct) =>
        {
            var admin = await AdminAsync(parse, ct);
            await admin.SetRolesAsync(CommandLine(), parse.GetValue(email)!, parse.GetValue(set)!, ct);
            Console.WriteLine($"{EmailAddress.Normalize(parse.GetValue(email)!)} now holds " +
                $"{string.Join(", ", Roles.ParseAll(parse.GetValue(set)!))}.");
            return 0;
        });
        return command;
    }

    static Command ResetPassword()
    {
        var email = Email();
        var command = new Command("reset-password", "Give a user a new one-time password (the old one stops " +
            "working) and unlock them.") { email };
        command.SetVerbAction(async (parse, ct) =>
        {
            var admin = await AdminAsync(parse, ct);
            PrintOneTime(await admin.ResetPasswordAsync(CommandLine(), parse.GetValue(email)!, ct));
            return 0;
        });
        return command;
    }

    static Command Unlock()
    {
        var email = Email();
        var command = new Command("unlock", "Let a user locked out by failed sign-ins try again now.") { email };
        command.SetVerbAction(async (parse, ct) =>
        {
            var admin = await AdminAsync(parse, ct);
            await admin.UnlockAsync(CommandLine(), parse.GetValue(email)!, ct);
            Console.WriteLine($"Unlocked {EmailAddress.Normalize(parse.GetValue(email)!)}.");
            return 0;
        });
        return command;
    }

    static async Task<UserStore> StoreAsync(ParseResult parse, CancellationToken ct)
    {
        var warehouse = parse.Warehouse();
        await Migrator.RequireCurrentAsync(warehouse, ct);
        return new UserStore(warehouse, TimeProvider.System);
    }

    static async Task<UserAdmin> AdminAsync(ParseResult parse, CancellationToken ct)
    {
        var store = await StoreAsync(parse, ct);
        return new UserAdmin(store, new AuditLog(store.Warehouse, TimeProvider.System));
    }

    // The whole of standard input, less the line end a shell's echo or a here-string adds.
    static async Task<string> ReadPasswordAsync(CancellationToken ct)
    {
        var text = await Console.In.ReadToEndAsync(ct);
        var password = text.TrimEnd('\r', '\n');
        return password.Length > 0 ? password
            : throw new ImpactException("--password-stdin: standard input held no password.");
    }

    static void PrintOneTime(string oneTime)
    {
        Console.WriteLine($"One-time password: {oneTime}");
        Console.WriteLine("Hand it over privately; it is shown only now and must be changed at the first sign-in.");
    }

    static void PrintTable(IReadOnlyList<UserAccount> users)
    {
        if (users.Count == 0)
        {
            Console.WriteLine("No users yet: the dashboard creates the first administrator when it starts.");
            return;
        }
        var now = DateTimeOffset.UtcNow;
        Console.WriteLine($"{"email",-32} {"name",-24} {"roles",-36} {"last sign-in (UTC)",-20} state");
        foreach (var u in users)
        {
            var state = u.IsLockedOut(now) ? $"locked until {u.LockoutEnd:yyyy-MM-dd HH:mm}"
                : u.MustChangePassword ? "one-time password not yet changed" : u.Source == UserAccount.LocalSource
                    ? "" : "single sign-on";
            Console.WriteLine($"{u.Email,-32} {u.Name,-24} {string.Join(",", u.Roles),-36} " +
                $"{u.LastSignIn?.ToString("yyyy-MM-dd HH:mm") ?? "never",-20} {state}");
        }
    }

    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    static object AsJson(UserAccount u) => new
    {
        u.Email, u.Name, u.Roles, u.Source, u.CreatedAt, u.LastSignIn, u.MustChangePassword,
        LockedUntil = u.IsLockedOut(DateTimeOffset.UtcNow) ? u.LockoutEnd : null,
    };
}
