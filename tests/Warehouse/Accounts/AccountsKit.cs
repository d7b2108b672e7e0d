using Impact.Warehouse.Accounts.Audit;
using Impact.Warehouse.Accounts.SignIn;
using Impact.Warehouse.Accounts.Users;
using Impact.Warehouse;

namespace Impact.Tests.Warehouse.Accounts;

/// <summary>A clock the test moves by hand (lockouts last minutes; tests do not wait).</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>The accounts services on one warehouse, as the dashboard and the CLI wire them.</summary>
public sealed class AccountsKit(Database warehouse, TimeProvider? clock = null)
{
    public TimeProvider Clock { get; } = clock ?? TimeProvider.System;
    public UserStore Users => new(warehouse, Clock);
    public AuditLog Audit => new(warehouse, Clock);
    public UserAdmin Admin => new(Users, Audit);
    public Credentials Credentials => new(Users, Audit, Clock);
    public SingleSignOnAccounts SingleSignOn => new(Users, Audit);

    public const string Password = "a-test-password-for-everyone";

    /// <summary>An account with its own password (no forced change) and these roles; returns its email.</summary>
    public async Task<string> AddAsync(params string[] roles)
    {
        var email = $"{string.Join("-", roles)}.{Guid.NewGuid():N}"[..^20] + "@test.example";
        var name = $"Test {string.Join(" ", roles)}";
        await Admin.AddAsync(Actor.System, email, name, roles, Password, CancellationToken.None);
        return email;
    }
}
