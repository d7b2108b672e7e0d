namespace Impact.Warehouse.Accounts.Users;

/// <summary>One person who may sign in, as stored (never a plain password).</summary>
public sealed record UserAccount(
    long UserId,
    string Email,
    string Name,
    IReadOnlyList<string> Roles,
    string? PasswordHash,
    bool MustChangePassword,
    int FailedAttempts,
    DateTimeOffset? LockoutEnd,
    string SecurityStamp,
    string Source,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignIn)
{
    /// <summary>Signs in with a password kept here.</summary>
    public const string LocalSource = "local";

    /// <summary>Signs in through the organisation's identity provider (single sign-on).</summary>
    public const string SingleSignOnSource = "oidc";

    public bool IsLockedOut(DateTimeOffset now) => LockoutEnd is { } end && end > now;
}
