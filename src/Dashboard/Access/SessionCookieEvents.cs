using System.Data.Common;
using System.Runtime.ExceptionServices;
using Impact.Dashboard.Caching;
using Impact.Warehouse.Accounts.Users;
using Impact.Warehouse;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Access;

/// <summary>
/// The session cookie's behaviour: it stops working as soon as its account is removed or its roles
/// or password change (the security stamp differs); a page asked for without a session sends the
/// browser to sign in, anything else (a chart image, a download, /hangfire) answers 401; a signed-in
/// person without the role gets 403, rendered by the status page, not a redirect.
/// </summary>
public sealed class SessionCookieEvents(UserStore users, DataStamp stamps) : CookieAuthenticationEvents
{
    // One indexed lookup per request: the price of ending a removed user's session at once rather
    // than when the cookie expires. A GET (a page, a chart) reads it with the data stamp its page or image is kept
    // under, in one statement: one connection per request for both (DataStamp).
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var http = context.HttpContext;
        var id = Session.UserId(principal);
        string? stored;
        try
        {
            stored = id is null ? null
                : HttpMethods.IsGet(http.Request.Method)
                    ? await stamps.ReadWithSecurityStampAsync(id.Value, http, http.RequestAborted)
                    : await users.SecurityStampAsync(id.Value, http.RequestAborted);
        }
        catch (Exception e) when (e is ImpactException or DbException)
        {
            // Thrown from here, the failure would be remembered as this request's authentication and thrown
            // again while the error page renders; thrown just after authentication it reaches the error page
            // as its sentence, like any other warehouse failure.
            http.Items[UncheckedKey] = ExceptionDispatchInfo.Capture(e);
            return;
        }
        if (stored is null || stored != Session.Stamp(principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Session.Scheme);
        }
    }

    const string UncheckedKey = "impact:session-not-checked";

    /// <summary>Right after authentication: a session that could not be checked fails the request.</summary>
    public static Task FailUncheckedAsync(HttpContext http, Func<Task> next)
    {
        if (http.Items[UncheckedKey] is ExceptionDispatchInfo failure
            && http.Features.Get<IExceptionHandlerFeature>() is null)
            failure.Throw();
        return next();
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
