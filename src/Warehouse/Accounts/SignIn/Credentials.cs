using Impact.Warehouse.Accounts.Audit;
using Impact.Warehouse.Accounts.Users;

namespace Impact.Warehouse.Accounts.SignIn;

/// <summary>
/// Checks an email and password with lockout: after <see cref="MaxFailedAttempts"/> failures in a
/// row the account refuses every password for <see cref="LockoutDuration"/>. The caller gets the
/// account or nothing, never why: an unknown email, a wrong password and a locked account look the
/// same from outside (and take as long), so the form cannot be used to find out who has an account.
/// </summary>
public sealed class Credentials(UserStore users, AuditLog audit, TimeProvider clock)
{
    /// <summary>ASP.NET Core Identity's default count.</summary>
    public const int MaxFailedAttempts = 5;

    /// <summary>Longer than Identity's 5 minutes: 5 guesses per 15 minutes is about 500 a day.</summary>
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public async Task<UserAccount?> CheckAsync(string email, string password, Actor caller, CancellationToken ct)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindAsync(email, ct);
        var now = clock.GetUtcNow();
        if (user is null || user.IsLockedOut(now))
        {
            Passwords.Verify(null, password);
            await audit.WriteAsync(caller, AuditActions.SignInFailed, EmailAddress.Normalize(email),
                user is null ? "no such account" : "account locked", ct);
            return null;
        }

        var check = Passwords.Verify(user.PasswordHash, password);
        if (check == PasswordCheck.Wrong)
        {
            var locked = await users.RecordFailureAsync(user.UserId, MaxFailedAttempts, now + LockoutDuration, ct);
            await audit.WriteAsync(caller, AuditActions.SignInFailed, user.Email, "wrong password", ct);
            if (locked)
                await audit.WriteAsync(caller, AuditActions.LockedOut, user.Email,
                    $"{MaxFailedAttempts} failed attempts; locked for {LockoutDuration.TotalMinutes:0} minutes", ct);
            return null;
        }

        if (check == PasswordCheck.RightButRehash) await users.RehashAsync(user.UserId, Passwords.Hash(password), ct);
        await users.RecordSignInAsync(user.UserId, ct);
        await audit.WriteAsync(caller with { Name = user.Email }, AuditActions.SignedIn, user.Email, "password", ct);
        return user;
    }
}
