using Impact.Warehouse.Accounts.Users;

namespace Impact.Dashboard.Access;

/// <summary>Where the first start's one-time password goes: the console, and nowhere else (never a log).</summary>
public sealed record StartupConsole(TextWriter Writer);

/// <summary>
/// On a start with no accounts at all: one administrator, whose one-time password is printed once
/// to the console so a fresh clone works with no set-up. It must be changed at the first sign-in.
/// A later start finds the account and prints nothing.
/// </summary>
public sealed class FirstAdministrator(UserAdmin admin, AuthOptions options, StartupConsole console,
    IConfiguration configuration)
{
    public async Task CreateIfNoAccountsAsync(CancellationToken ct)
    {
        if (!options.LocalAccounts) return;
        var oneTime = await admin.CreateFirstAdminAsync(options.FirstAdminEmail, ct);
        if (oneTime is null) return;
        var where = (configuration["Urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault()?.TrimEnd('/');
        var w = console.Writer;
        await w.WriteLineAsync();
        await w.WriteLineAsync("No dashboard accounts yet, so Impact created the first administrator:");
        await w.WriteLineAsync($"  sign in at   {where}/signin");
        await w.WriteLineAsync($"  email        {EmailAddress.Normalize(options.FirstAdminEmail)}");
        await w.WriteLineAsync($"  password     {oneTime}   (one-time: you will choose your own at once)");
        await w.WriteLineAsync("This password is shown only now. Lost it? impact users reset-password " +
                               EmailAddress.Normalize(options.FirstAdminEmail));
        await w.WriteLineAsync();
        await w.FlushAsync(ct);
    }
}
