using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Impact.Dashboard.Access;

/// <summary>
/// Remembers, for a refused request, which roles would have opened it, so the 403 page can say
/// which role to ask for (the request is then re-executed as the status page, same HttpContext).
/// </summary>
public sealed class NeededRoles : IAuthorizationMiddlewareResultHandler
{
    const string Key = "impact:needed-roles";
    readonly AuthorizationMiddlewareResultHandler standard = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy,
        PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
            context.Items[Key] = (authorizeResult.AuthorizationFailure?.FailedRequirements ?? [])
                .OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
        return standard.HandleAsync(next, context, policy, authorizeResult);
    }

    public static IReadOnlyList<string> Of(HttpContext context) =>
        context.Items[Key] as IReadOnlyList<string> ?? [];
}
