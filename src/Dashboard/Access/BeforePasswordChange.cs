
namespace Impact.Dashboard.Access;

/// <summary>Marks a page that someone who still holds a one-time password may open.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AllowedBeforePasswordChangeAttribute : Attribute;

/// <summary>
/// A one-time password opens only the page that replaces it: until then every other request is
/// sent there (or refused, for data that is not a page).
/// </summary>
public static class BeforePasswordChange
{
    public const string PasswordPage = "/account/password";

    public static async Task GateAsync(HttpContext http, Func<Task> next)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint is null || http.User.Identity?.IsAuthenticated != true || !Session.MustChangePassword(http.User)
            || endpoint.Metadata.GetMetadata<AllowedBeforePasswordChangeAttribute>() is not null)
        {
            await next();
            return;
        }
        if (SessionCookieEvents.IsPageNavigation(http))
            http.Response.Redirect(
                $"{PasswordPage}?returnUrl={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}");
        else
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
