using Impact.Warehouse;

namespace Impact.Dashboard.Access;

/// <summary>Impact:Auth — how people sign in.</summary>
public sealed class AuthOptions
{
    public const string Section = "Impact:Auth";

    /// <summary>Email and password accounts kept in the warehouse; off leaves only single sign-on.</summary>
    public bool LocalAccounts { get; set; } = true;

    /// <summary>The sign-in name of the administrator created on first start.</summary>
    public string FirstAdminEmail { get; set; } = "admin@localhost";

    /// <summary>A session ends this long after signing in (a working day), however busy it was.</summary>
    public double SessionHours { get; set; } = 8;

    /// <summary>Reverse proxies (IP addresses) whose X-Forwarded-For/-Proto headers are believed.</summary>
    public string[] KnownProxies { get; set; } = [];

    public SingleSignOnOptions Oidc { get; set; } = new();

    public static AuthOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<AuthOptions>() ?? new AuthOptions();
        options.Oidc.ClientSecret = configuration[SingleSignOnOptions.SecretVariable];
        options.Oidc.Check();
        if (!options.LocalAccounts && !options.Oidc.Enabled)
            throw new ImpactException(
                $"{Section}:LocalAccounts is false and no {Section}:Oidc:Authority is set: nobody could sign in.");
        if (options.SessionHours is <= 0 or > 24 * 30)
            throw new ImpactException($"{Section}:SessionHours must be between 0 and 720, not {options.SessionHours}.");
        return options;
    }
}

/// <summary>Impact:Auth:Oidc — the organisation's OpenID Connect identity provider, when it has one.</summary>
public sealed class SingleSignOnOptions
{
    /// <summary>The client secret comes from the environment only, never from a file in the repository.</summary>
    public const string SecretVariable = "IMPACT_OIDC_CLIENT_SECRET";

    /// <summary>The provider's issuer URL, where its discovery document is read. Empty: no single sign-on.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>What the sign-in page's button calls the provider.</summary>
    public string DisplayName { get; set; } = "your organisation's account";

    /// <summary>The ID token claim that lists the person's groups or roles at the provider.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>
    /// Impact role → the provider's values (comma-separated) that grant it, e.g.
    /// <c>Impact:Auth:Oidc:Roles:executive = "Board,Impact-Executives"</c>. Values mapped to no role
    /// grant nothing; a person with no Impact role is not let in.
    /// </summary>
    public Dictionary<string, string> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Off only for a provider on plain HTTP, such as one on loopback in a test.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The Impact roles a person's provider values grant.</summary>
    public IReadOnlyList<string> MapRoles(IEnumerable<string> providerValues)
    {
        var values = providerValues.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Warehouse.Accounts.Roles.All.Select(r => r.Name)
            .Where(role => Roles.TryGetValue(role, out var granted)
                           && granted.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                               .Any(values.Contains))
            .ToList();
    }

    internal void Check()
    {
        if (!Enabled) return;
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out _))
            throw new ImpactException($"{AuthOptions.Section}:Oidc:Authority '{Authority}' is not a URL.");
        if (string.IsNullOrWhiteSpace(ClientId))
            throw new ImpactException($"{AuthOptions.Section}:Oidc:ClientId is needed beside the Authority.");
        foreach (var role in Roles.Keys) Warehouse.Accounts.Roles.Parse(role);
    }
}
