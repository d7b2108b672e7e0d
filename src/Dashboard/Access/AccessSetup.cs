using System.Net;
using Impact.Warehouse.Accounts.Audit;
using Impact.Warehouse.Accounts.SignIn;
using Impact.Warehouse.Accounts.Users;
using Impact.Warehouse;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Impact.Dashboard.Access;

/// <summary>Sign-in, roles and the security headers: services, then the pieces of the pipeline.</summary>
public static class AccessSetup
{
    public static void AddAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var options = AuthOptions.From(configuration);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new StartupConsole(Console.Out));
        services.AddSingleton<UserStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<UserAdmin>();
        services.AddSingleton<Credentials>();
        services.AddSingleton<SingleSignOnAccounts>();
        services.AddSingleton<FirstAdministrator>();
        services.AddScoped<SessionCookieEvents>();
        services.AddScoped<SingleSignOnEvents>();

        var authentication = services.AddAuthentication(Session.Scheme).AddCookie(Session.Scheme, o =>
        {
            o.Cookie.Name = "impact_session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(options.SessionHours);
            o.SlidingExpiration = false;
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.ReturnUrlParameter = "returnUrl";
            o.EventsType = typeof(SessionCookieEvents);
        });
        if (options.Oidc.Enabled) SingleSignOn.Add(authentication, options.Oidc);
        services.AddAuthorization(Policies.Add);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, NeededRoles>();
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.Configure<ForwardedHeadersOptions>(o => TrustOnly(o, options.KnownProxies));
    }

    /// <summary>Before anything reads the scheme or the client's address.</summary>
    public static void UseForwardedHeadersFromKnownProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<AuthOptions>().KnownProxies.Length > 0) app.UseForwardedHeaders();
    }

    /// <summary>Headers on every response, error pages included; HSTS only ever goes out over HTTPS.</summary>
    public static void UseSecurityHeaders(this WebApplication app)
    {
        app.UseHsts();
        app.Use((http, next) => SecurityHeaders.AddAsync(http, () => next(http)));
    }

    /// <summary>After routing: who is asking, may they, and have they replaced a one-time password.</summary>
    public static void UseSignIn(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use((http, next) => SessionCookieEvents.FailUncheckedAsync(http, () => next(http)));
        app.UseAuthorization();
        app.Use((http, next) => BeforePasswordChange.GateAsync(http, () => next(http)));
    }

    // ASP.NET Core trusts loopback by default; behind a proxy only the proxies named in configuration count.
    static void TrustOnly(ForwardedHeadersOptions o, IEnumerable<string> proxies)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        o.KnownIPNetworks.Clear();
        o.KnownProxies.Clear();
        foreach (var proxy in proxies)
            o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                : throw new ImpactException($"{AuthOptions.Section}:KnownProxies: '{proxy}' is not an IP address."));
    }
}
