using System.Security.Cryptography;
using Impact.Warehouse;
using Microsoft.AspNetCore.Identity;

namespace Impact.Warehouse.Accounts;

public enum PasswordCheck { Wrong, Right, RightButRehash }

/// <summary>
/// Hashing with ASP.NET Core's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, 100,000
/// iterations today): it says when a stored hash was made with older settings, and the caller stores
/// a fresh one, so hashes move on with the library. Plain passwords live only in the request.
/// </summary>
public static class Passwords
{
    /// <summary>Length beats composition rules (NIST SP 800-63B); 12 keeps a phrase easy to type.</summary>
    public const int MinLength = 12;

    /// <summary>The hasher ignores the user it is given; this stands in for one.</summary>
    sealed class Anyone;

    static readonly PasswordHasher<Anyone> Hasher = new();
    static readonly Anyone Nobody = new();

    // Verified against when an email is unknown, so that answer takes as long as a wrong password.
    static readonly Lazy<string> Decoy = new(() => Hash(RandomNumberGenerator.GetHexString(32)));

    public static string Hash(string password) => Hasher.HashPassword(Nobody, password);

    public static PasswordCheck Verify(string? storedHash, string password)
    {
        if (string.IsNullOrEmpty(storedHash))
        {
            Hasher.VerifyHashedPassword(Nobody, Decoy.Value, password);
            return PasswordCheck.Wrong;
        }
        return Hasher.VerifyHashedPassword(Nobody, storedHash, password) switch
        {
            PasswordVerificationResult.Success => PasswordCheck.Right,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.RightButRehash,
            _ => PasswordCheck.Wrong,
        };
    }

    // No 0/O, 1/l/I: one-time passwords are read off a console and typed by hand.
    const string ReadableLetters = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>A one-time password: four groups of five, about 116 bits of randomness.</summary>
    public static string NewOneTime() =>
        string.Join('-', Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(ReadableLetters, 5)));

    /// <summary>Refuses a password too short to be safe, or one that is the email itself.</summary>
    public static void RequireAcceptable(string password, string email)
    {
        if (password.Length < MinLength)
            throw new ImpactException($"A password needs at least {MinLength} characters.");
        if (string.Equals(password.Trim(), email, StringComparison.OrdinalIgnoreCase))
            throw new ImpactException("A password cannot be the email address.");
    }
}
