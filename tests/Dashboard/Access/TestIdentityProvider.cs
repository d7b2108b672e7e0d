using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Impact.Tests.Dashboard.Access;

/// <summary>Who the provider says is signing in: its subject, email, name and group claims.</summary>
public sealed record ProviderPerson(string Subject, string Email, string Name, params string[] Groups);

/// <summary>
/// An OpenID Connect provider on a loopback port, as an organisation's would be (OpenIddict's server
/// in degraded mode: no stores, one client checked here). Its authorization endpoint signs in
/// <see cref="Person"/> at once, as if they had just typed their password there.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "impact-dashboard";
    public const string ClientSecret = "a-client-secret-for-tests-only";
    public const string GroupsClaim = "groups";

    readonly WebApplication app;

    public ProviderPerson Person { get; set; } = new("u-1", "someone@corp.example", "Someone");
    public string Authority { get; private set; } = "";

    /// <summary>How many codes the token endpoint redeemed: the dashboard did the back-channel exchange.</summary>
    public int CodesRedeemed { get; private set; }

    TestIdentityProvider(string redirectUri)
    {
        // Its own empty content root: the test output folder holds the dashboard's appsettings.json, whose
        // Urls would otherwise put the provider on the dashboard's port. A free loopback port instead.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = Infrastructure.TempFiles.NewFolder(),
        });
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(Scopes.Email, Scopes.Profile);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            o.EnableDegradedMode();
            o.UseAspNetCore().DisableTransportSecurityRequirement();
            o.AddEventHandler<ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(c =>
            {
                if (c.ClientId != ClientId) c.Reject(Errors.InvalidClient, "unknown client");
                else if (c.RedirectUri != redirectUri) c.Reject(Errors.InvalidRequest, $"redirect_uri {c.RedirectUri}");
                return default;
            }));
            o.AddEventHandler<ValidateTokenRequestContext>(h => h.UseInlineHandler(c =>
            {
                if (c.ClientId != ClientId || c.ClientSecret != ClientSecret)
                    c.Reject(Errors.InvalidClient, "bad client");
                else CodesRedeemed++;
                return default;
            }));
            o.AddEventHandler<HandleAuthorizationRequestContext>(h => h.UseInlineHandler(c =>
            {
                c.SignIn(PrincipalOf(Person, c.Request.GetScopes()));
                return default;
            }));
        });
        app = builder.Build();
    }

    public static async Task<TestIdentityProvider> StartAsync(string redirectUri)
    {
        var provider = new TestIdentityProvider(redirectUri);
        await provider.app.StartAsync();
        var address = provider.app.Services.GetRequiredService<IServer>().Features
            .Get<IServerAddressesFeature>()!.Addresses.Single();
        provider.Authority = address.TrimEnd('/') + "/";
        return provider;
    }

    static ClaimsPrincipal PrincipalOf(ProviderPerson person, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity("provider", Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, person.Subject));
        identity.AddClaim(new Claim(Claims.Email, person.Email));
        identity.AddClaim(new Claim(Claims.Name, person.Name));
        foreach (var group in person.Groups) identity.AddClaim(new Claim(GroupsClaim, group));
        identity.SetScopes(scopes);
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
