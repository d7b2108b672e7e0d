using System.Security.Cryptography;
using System.Text;
using Impact.Warehouse;

namespace Impact.Ingest.Pipeline;

/// <summary>
/// Replaces employee identifiers (and xAPI actors) by a keyed hash before anything is stored, so the
/// warehouse holds no raw identifiers. HMAC-SHA256 with one secret key from the environment
/// (<see cref="KeyVariable"/>): the same
/// id gives the same pseudonym in every source and every run, so joins still work; without the key,
/// nobody can recompute or reverse it. Every source calls <see cref="Employee"/> on every employee id.
/// </summary>
public sealed class Pseudonymizer
{
    public const string KeyVariable = "IMPACT_PSEUDONYM_KEY";

    /// <summary>Shorter keys are guessable; refuse them rather than give false comfort.</summary>
    public const int MinimumKeyLength = 16;

    public static readonly Pseudonymizer None = new(null);

    readonly byte[]? key;

    Pseudonymizer(byte[]? key) => this.key = key;

    public bool Enabled => key is not null;

    public static Pseudonymizer FromKey(string? secret)
    {
        if (string.IsNullOrEmpty(secret)) return None;
        if (secret.Length < MinimumKeyLength)
            throw new ImpactException($"The pseudonymisation key in {KeyVariable} is shorter than {MinimumKeyLength} " +
                "characters: use a long random secret.");
        return new Pseudonymizer(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>The id to store for an employee: the id itself, or "p_" and 32 hex digits of its HMAC.</summary>
    public string Employee(string id)
    {
        if (key is null) return id;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(id), mac);
        return "p_" + Convert.ToHexStringLower(mac[..16]);
    }

    public string? EmployeeOrNull(string? id) => string.IsNullOrEmpty(id) ? null : Employee(id);
}
