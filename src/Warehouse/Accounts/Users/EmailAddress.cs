using Impact.Warehouse;

namespace Impact.Warehouse.Accounts.Users;

/// <summary>Emails are sign-in names: compared and stored trimmed and lower-cased.</summary>
public static class EmailAddress
{
    /// <summary>The longest email the users table keeps (its key columns hold 200 characters).</summary>
    public const int MaxLength = 200;

    public static string Normalize(string typed) => typed.Trim().ToLowerInvariant();

    /// <summary>Normalized, or a sentence saying what is wrong with it.</summary>
    public static string Parse(string typed)
    {
        var email = Normalize(typed);
        var at = email.IndexOf('@');
        if (at <= 0 || at == email.Length - 1 || email.Any(char.IsWhiteSpace) || email.Length > MaxLength)
            throw new ImpactException($"'{typed.Trim()}' is not an email address.");
        return email;
    }
}
