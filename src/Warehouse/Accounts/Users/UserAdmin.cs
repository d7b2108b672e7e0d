using System.Data.Common;
using Dapper;
using Impact.Warehouse.Accounts.Audit;
using Impact.Warehouse;

namespace Impact.Warehouse.Accounts.Users;

/// <summary>
/// What an administrator does to accounts, from the CLI (`impact users`) or the Users page: each
/// change and its audit entry are stored in one transaction. Refusals are one sentence.
/// </summary>
public sealed class UserAdmin(UserStore users, AuditLog audit)
{
    /// <summary>
    /// Adds an account. Without <paramref name="password"/> it gets a one-time password, returned here
    /// to be handed over, which must be changed at the first sign-in.
    /// </summary>
    public async Task<string?> AddAsync(Actor actor, string email, string name, IEnumerable<string> roles,
        string? password, CancellationToken ct)
    {
        var normalized = EmailAddress.Parse(email);
        var roleNames = Roles.ParseAll(roles);
        var displayName = string.IsNullOrWhiteSpace(name) ? normalized : name.Trim();
        if (password is not null) Passwords.RequireAcceptable(password, normalized);
        var oneTime = password is null ? Passwords.NewOneTime() : null;
        var hash = Passwords.Hash(password ?? oneTime!);
        await InTransactionAsync(async (db, tx) =>
        {
            var mustChange = oneTime is not null;
            await users.AddAsync(db, tx,
                new NewUser(normalized, displayName, roleNames, hash, mustChange, UserAccount.LocalSource), ct);
            await audit.WriteAsync(db, tx, actor, AuditActions.UserAdded, normalized,
                $"roles: {string.Join(", ", roleNames)}", ct);
        }, ct);
        return oneTime;
    }

    /// <summary>
    /// When nobody has an account yet: one holding every role, with a one-time password (returned,
    /// to be shown once). Null when there are accounts already, also when another process made the
    /// first one a moment ago (the users table is checked inside the transaction).
    /// </summary>
    public async Task<string?> CreateFirstAdminAsync(string email, CancellationToken ct)
    {
        var oneTime = Passwords.NewOneTime();
        var hash = Passwords.Hash(oneTime);
        var normalized = EmailAddress.Parse(email);
        var created = false;
        await InTransactionAsync(async (db, tx) =>
        {
            var existing = await db.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM users", transaction: tx, cancellationToken: ct));
            if (existing > 0) return;
            // Every role: whoever installs Impact sees all of it until they hand roles out.
            var everyRole = Roles.All.Select(r => r.Name).ToList();
            await users.AddAsync(db, tx, new NewUser(normalized, "Administrator", everyRole, hash, true,
                UserAccount.LocalSource), ct);
            await audit.WriteAsync(db, tx, Actor.System, AuditActions.UserAdded, normalized,
                $"first start; roles: {string.Join(", ", everyRole)}", ct);
            created = true;
        }, ct);
        return created ? oneTime : null;
    }

    public Task RemoveAsync(Actor actor, string email, CancellationToken ct) =>
        InTransactionAsync(async (db, tx) =>
        {
            var user = await RequireAsync(db, tx, email, ct);
            await RefuseLosingTheLastAdminAsync(db, tx, user, [], ct);
            await users.RemoveAsync(db, tx, user.UserId, ct);
            await audit.WriteAsync(db, tx, actor, AuditActions.UserRemoved, user.Email, null, ct);
        }, ct);

    public Task SetRolesAsync(Actor actor, string email, IEnumerable<string> roles, CancellationToken ct)
    {
        var roleNames = Roles.ParseAll(roles);
        return InTransactionAsync(async (db, tx) =>
        {
            var user = await RequireAsync(db, tx, email, ct);
            if (user.Roles.SequenceEqual(roleNames)) return;
            await RefuseLosingTheLastAdminAsync(db, tx, user, roleNames, ct);
            await users.SetRolesAsync(db, tx, user.UserId, roleNames, ct);
            await audit.WriteAsync(db, tx, actor, AuditActions.RolesChanged, user.Email,
                $"{Describe(user.Roles)} → {Describe(roleNames)}", ct);
        }, ct);
    }

    /// <summary>A new one-time password (returned to be handed over); the old one stops working.</summary>
    public async Task<string> ResetPasswordAsync(Actor actor, string email, CancellationToken ct)
    {
        var oneTime = Passwords.NewOneTime();
        var hash = Passwords.Hash(oneTime);
        await InTransactionAsync(async (db, tx) =>
        {
            var user = await RequireAsync(db, tx, email, ct);
            await users.SetPasswordAsync(db, tx, user.UserId, hash, mustChange: true, ct);
            await audit.WriteAsync(db, tx, actor, AuditActions.PasswordReset, user.Email, null, ct);
        }, ct);
        return oneTime;
    }

    public Task UnlockAsync(Actor actor, string email, CancellationToken ct) =>
        InTransactionAsync(async (db, tx) =>
        {
            var user = await RequireAsync(db, tx, email, ct);
            await users.UnlockAsync(db, tx, user.UserId, ct);
            await audit.WriteAsync(db, tx, actor, AuditActions.Unlocked, user.Email, null, ct);
        }, ct);

    /// <summary>The holder's own new password (after checking the current one): no forced change after it.</summary>
    public Task ChangeOwnPasswordAsync(Actor actor, UserAccount user, string newPassword, CancellationToken ct)
    {
        Passwords.RequireAcceptable(newPassword, user.Email);
        if (Passwords.Verify(user.PasswordHash, newPassword) != PasswordCheck.Wrong)
            throw new ImpactException("The new password must differ from the current one.");
        var hash = Passwords.Hash(newPassword);
        return InTransactionAsync(async (db, tx) =>
        {
            await users.SetPasswordAsync(db, tx, user.UserId, hash, mustChange: false, ct);
            await audit.WriteAsync(db, tx, actor, AuditActions.PasswordChanged, user.Email, null, ct);
        }, ct);
    }

    async Task<UserAccount> RequireAsync(DbConnection db, DbTransaction tx, string email, CancellationToken ct) =>
        await users.FindAsync(db, tx, email, ct)
        ?? throw new ImpactException($"No account has the email {EmailAddress.Normalize(email)}.");

    // Without an administrator nobody could manage accounts from the dashboard again.
    static async Task RefuseLosingTheLastAdminAsync(DbConnection db, DbTransaction tx, UserAccount user,
        IReadOnlyList<string> rolesAfter, CancellationToken ct)
    {
        if (!user.Roles.Contains(Roles.Admin) || rolesAfter.Contains(Roles.Admin)) return;
        var admins = await db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM user_roles WHERE role = @role", new { role = Roles.Admin }, tx,
            cancellationToken: ct));
        if (admins <= 1)
            throw new ImpactException(
                $"{user.Email} is the only administrator: give another account the admin role first.");
    }

    static string Describe(IReadOnlyList<string> roles) => roles.Count == 0 ? "none" : string.Join(", ", roles);

    async Task InTransactionAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken ct)
    {
        await using var db = await users.Warehouse.OpenAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        await work(db, tx);
        await tx.CommitAsync(ct);
    }
}
