using Impact.Accounts.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Access;

/// <summary>
/// The session cookie's behaviour: it stops working as soon as its account is removed or its roles
/// or password change (the security stamp differs); a page asked for without a session sends the
/// browser to sign in, anything else (a chart image, a download, /hangfire) answers 401; a signed-in
/// person without the role gets 403, rendered by the status page, not a redirect.
/// </summary>
public sealed class SessionCookieEvents(UserStore users) : CookieAuthenticationEvents
{
    // One indexed lookup per request: the price of ending a removed user's session at once rather
    // than when the cookie expires.
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var id = Session.UserId(principal);
        var stored = id is null ? null : await users.SecurityStampAsync(id.Value, context.HttpContext.RequestAborted);
        if (stored is null || stored != Session.Stamp(principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Session.Scheme);
        }
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsPageNavigation(context.HttpContext)) context.Response.Redirect(context.RedirectUri);
        else context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    /// <summary>
    /// A Razor page asked for as a page: not a GET of a named handler, which returns data (a chart
    /// image, a download) that a browser would not show as a sign-in form.
    /// </summary>
    public static bool IsPageNavigation(HttpContext http)
    {
        var isPage = http.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>() is not null;
        var named = HttpMethods.IsGet(http.Request.Method) && !string.IsNullOrEmpty(http.Request.Query["handler"]);
        return isPage && !named;
    }
}
