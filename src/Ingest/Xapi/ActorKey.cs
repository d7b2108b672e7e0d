using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Impact.Ingest.Xapi;

/// <summary>
/// The one string an xAPI actor is known by in Impact, built from its inverse functional identifier
/// (xAPI 1.0.3 §2.4.2.3), and the same forms the identity map CSV accepts:
/// <list type="bullet">
/// <item><c>mailto:name@host</c> for mbox (lower-cased: mail systems treat addresses case-insensitively in
/// practice),</item>
/// <item>the 40 lower-case hex digits of an mbox_sha1sum,</item>
/// <item><c>account:&lt;homePage&gt;|&lt;name&gt;</c> for an account,</item>
/// <item><c>openid:&lt;uri&gt;</c> for an OpenID.</item>
/// </list>
/// </summary>
public static class ActorKey
{
    public const string AccountPrefix = "account:";
    public const string OpenIdPrefix = "openid:";

    /// <summary>
    /// The actor's key, or an error naming the field. A Group counts only when it is identified
    /// (has its own IFI): an anonymous group is not one person Impact could credit with a completion.
    /// </summary>
    public static (XapiActor? Actor, string? Field, string? Error) FromJson(JsonElement actor)
    {
        if (actor.ValueKind != JsonValueKind.Object) return (null, "actor", "actor is missing or not an object");
        var isGroup = actor.TryGetProperty("objectType", out var type) && type.ValueKind == JsonValueKind.String
            && type.GetString() == "Group";

        if (Text(actor, "mbox") is { } mbox)
        {
            if (!mbox.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || mbox.Length <= 7
                || !mbox.Contains('@'))
                return (null, "actor.mbox", $"actor.mbox '{Clip(mbox)}' is not a mailto: address");
            return (new XapiActor("mailto:" + mbox[7..].ToLowerInvariant(), Sha1Hex(mbox), isGroup), null, null);
        }
        if (Text(actor, "mbox_sha1sum") is { } sha1)
            return IsSha1(sha1)
                ? (new XapiActor(sha1.ToLowerInvariant(), null, isGroup), null, null)
                : (null, "actor.mbox_sha1sum", $"actor.mbox_sha1sum '{Clip(sha1)}' is not 40 hexadecimal digits");
        if (Text(actor, "openid") is { } openid)
            return (new XapiActor(OpenIdPrefix + openid, null, isGroup), null, null);
        if (actor.TryGetProperty("account", out var account))
        {
            var homePage = account.ValueKind == JsonValueKind.Object ? Text(account, "homePage") : null;
            var name = account.ValueKind == JsonValueKind.Object ? Text(account, "name") : null;
            if (homePage is null || name is null)
                return (null, "actor.account", "actor.account needs both homePage and name");
            return (new XapiActor(Account(homePage, name), null, isGroup), null, null);
        }
        return isGroup
            ? (null, "actor",
                "actor is an anonymous Group (members only, no mbox/mbox_sha1sum/openid/account): a completion needs " +
                "one person")
            : (null, "actor", "actor has no identifier (mbox, mbox_sha1sum, openid or account)");
    }

    public static string Account(string homePage, string name) => AccountPrefix + homePage + "|" + name;

    /// <summary>
    /// Normalises an actor as written in the identity map CSV into the key form above, or null when it
    /// is none of the accepted forms.
    /// </summary>
    public static string? Normalise(string? written)
    {
        var text = written?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            return text.Length > 7 && text.Contains('@') ? "mailto:" + text[7..].ToLowerInvariant() : null;
        if (IsSha1(text)) return text.ToLowerInvariant();
        if (text.StartsWith(AccountPrefix, StringComparison.Ordinal))
        {
            var bar = text.IndexOf('|', AccountPrefix.Length);
            return bar > AccountPrefix.Length && bar < text.Length - 1 ? text : null;
        }
        if (text.StartsWith(OpenIdPrefix, StringComparison.Ordinal) && text.Length > OpenIdPrefix.Length) return text;
        return null;
    }

    /// <summary>The mbox_sha1sum of an mbox IRI: SHA-1 of the IRI exactly as written, per the spec.</summary>
    public static string Sha1Hex(string mbox) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(mbox)));

    static bool IsSha1(string text) => text.Length == 40 && text.All(char.IsAsciiHexDigit);

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;

    internal static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
