using Impact.Warehouse.Accounts.Audit;
using Impact.Warehouse.Accounts.Users;
using Impact.Warehouse;

namespace Impact.Warehouse.Accounts.SignIn;

/// <summary>
/// People signed in by the organisation's identity provider: their account here is made or brought
/// up to date on each sign-in (name, and roles as the provider's groups map them), so the Users page,
/// the audit log and the removal of a session work for them as for everyone else.
/// </summary>
public sealed class SingleSignOnAccounts(UserStore users, AuditLog audit)
{
    /// <summary>The provider's own name in the audit log, as the one who changed an account.</summary>
    public static readonly Actor Provider = new("single-sign-on", null);

    public async Task<UserAccount> SignInAsync(string email, string name, IReadOnlyList<string> roles, Actor caller,
        CancellationToken ct)
    {
        var normalized = EmailAddress.Parse(email);
        await using (var db = await users.Warehouse.OpenAsync(ct))
        await using (var tx = await db.BeginTransactionAsync(ct))
        {
            var provider = Provider with { Origin = caller.Origin };
            var existing = await users.FindAsync(db, tx, normalized, ct);
            if (existing is null)
            {
                await users.AddAsync(db, tx, new NewUser(normalized, name, roles, null, false,
                    UserAccount.SingleSignOnSource), ct);
                await audit.WriteAsync(db, tx, provider, AuditActions.UserAdded, normalized,
                    $"first single sign-on; roles: {string.Join(", ", roles)}", ct);
            }
            else
            {
                if (!existing.Roles.SequenceEqual(roles))
                {
                    await users.SetRolesAsync(db, tx, existing.UserId, roles, ct);
                    await audit.WriteAsync(db, tx, provider, AuditActions.RolesChanged, normalized,
                        $"{string.Join(", ", existing.Roles)} → {string.Join(", ", roles)} (identity provider)", ct);
                }
                if (existing.Name != name) await users.RenameAsync(db, tx, existing.UserId, name, ct);
            }
            await tx.CommitAsync(ct);
        }
        var user = await users.FindAsync(normalized, ct)
                   ?? throw new ImpactException($"The account {normalized} vanished while signing in.");
        await users.RecordSignInAsync(user.UserId, ct);
        await audit.WriteAsync(caller with { Name = normalized }, AuditActions.SignedIn, normalized, "single sign-on",
            ct);
        return user;
    }
}
