using Impact.Warehouse.Accounts.Audit;
using Impact.Warehouse.Accounts.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Impact.Dashboard.Access;

/// <summary>
/// Sign-in through the organisation's OpenID Connect provider: authorization code flow with PKCE;
/// the provider's ID token is turned into an Impact session (the same cookie as a password gives).
/// </summary>
public static class SingleSignOn
{
    public const string Scheme = "oidc";
    public const string CallbackPath = "/signin-oidc";

    public static void Add(AuthenticationBuilder authentication, SingleSignOnOptions sso) =>
        authentication.AddOpenIdConnect(Scheme, sso.DisplayName, o =>
        {
            o.Authority = sso.Authority;
            o.ClientId = sso.ClientId;
            o.ClientSecret = sso.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            o.Scope.Clear();
            foreach (var scope in new[] { "openid", "profile", "email" }) o.Scope.Add(scope);
            o.RequireHttpsMetadata = sso.RequireHttpsMetadata;
            o.SignInScheme = Session.Scheme;
            o.CallbackPath = CallbackPath;
            // The provider's claim names as sent (email, name, roles), not mapped to long URIs.
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.EventsType = typeof(SingleSignOnEvents);
        });
}

/// <summary>Maps the provider's person to an Impact account, or refuses them with a reason.</summary>
public sealed class SingleSignOnEvents(SingleSignOnAccounts accounts, AuthOptions options, AuditLog audit)
    : OpenIdConnectEvents
{
    public const string RefusedQuery = "sso";

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var sso = options.Oidc;
        var claims = context.Principal!;
        var email = claims.FindFirst("email")?.Value ?? claims.FindFirst("preferred_username")?.Value;
        var name = claims.FindFirst("name")?.Value ?? email;
        var roles = sso.MapRoles(claims.FindAll(sso.RoleClaim).Select(c => c.Value));
        var caller = Caller.Of(context.HttpContext);
        if (email is null || !email.Contains('@'))
        {
            await audit.WriteAsync(caller, AuditActions.SignInRefused, claims.FindFirst("sub")?.Value,
                "the identity provider sent no email", context.HttpContext.RequestAborted);
            context.Fail("The identity provider sent no email address.");
            return;
        }
        if (roles.Count == 0)
        {
            await audit.WriteAsync(caller, AuditActions.SignInRefused, email,
                $"no Impact role in the provider's '{sso.RoleClaim}' claim", context.HttpContext.RequestAborted);
            context.Fail("No Impact role.");
            return;
        }
        var user = await accounts.SignInAsync(email, name!, roles, caller, context.HttpContext.RequestAborted);
        context.Principal = Session.For(user, SingleSignOn.Scheme);
        context.Properties!.RedirectUri = Navigation.LandingFor(context.Principal, context.Properties.RedirectUri);
    }

    // Back to the sign-in page with a sentence, not an exception page.
    public override Task RemoteFailure(RemoteFailureContext context)
    {
        context.Response.Redirect($"/signin?{RefusedQuery}=refused");
        context.HandleResponse();
        return Task.CompletedTask;
    }
}
