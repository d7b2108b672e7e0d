using System.Globalization;
using System.Security.Claims;
using Impact.Warehouse.Accounts.Users;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Impact.Dashboard.Access;

/// <summary>
/// What the session cookie says about its holder: who (user id, name, email), their roles, and the
/// account's security stamp at sign-in, compared with the stored one on every request.
/// </summary>
public static class Session
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    const string StampClaim = "impact:stamp";
    const string MustChangeClaim = "impact:must_change_password";

    public static ClaimsPrincipal For(UserAccount user, string method)
    {
        var identity = new ClaimsIdentity(Scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, user.UserId.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(ClaimTypes.Name, user.Name));
        identity.AddClaim(new Claim(ClaimTypes.Email, user.Email));
        identity.AddClaim(new Claim(ClaimTypes.AuthenticationMethod, method));
        identity.AddClaim(new Claim(StampClaim, user.SecurityStamp));
        if (user.MustChangePassword) identity.AddClaim(new Claim(MustChangeClaim, "true"));
        foreach (var role in user.Roles) identity.AddClaim(new Claim(ClaimTypes.Role, role));
        return new ClaimsPrincipal(identity);
    }

    public static long? UserId(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out var id)
            ? id : null;

    public static string? Email(ClaimsPrincipal principal) => principal.FindFirstValue(ClaimTypes.Email);

    public static string? Stamp(ClaimsPrincipal principal) => principal.FindFirstValue(StampClaim);

    public static bool MustChangePassword(ClaimsPrincipal principal) => principal.HasClaim(MustChangeClaim, "true");
}
