using Impact.Warehouse.Accounts;
using Impact.Warehouse.Accounts.Users;
using Impact.Dashboard.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Pages;

/// <summary>
/// What an error status means to a person: nothing here (404), sign in (401), or which role opens the
/// page and who can give it (403). Re-executed for any request that ended in such a status.
/// </summary>
[AllowAnonymous]
[AllowedBeforePasswordChange]
[IgnoreAntiforgeryToken] // re-executes refused POSTs too, which must show this page, not a second 400
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class StatusModel(UserStore users) : PageModel
{
    public int Code { get; private set; }
    public IReadOnlyList<RoleInfo> Needed { get; private set; } = [];
    public IReadOnlyList<(string Name, string Email)> Administrators { get; private set; } = [];

    public Task OnGetAsync(int code, CancellationToken ct) => ShowAsync(code, ct);
    public Task OnPostAsync(int code, CancellationToken ct) => ShowAsync(code, ct);

    async Task ShowAsync(int code, CancellationToken ct)
    {
        // Asked for directly (/Status/403) rather than re-executed: the request itself succeeded.
        Code = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            ? StatusCodes.Status404NotFound : code;
        Response.StatusCode = Code;
        if (Code != StatusCodes.Status403Forbidden) return;
        Needed = NeededRoles.Of(HttpContext).Select(Roles.Describe).ToList();
        Administrators = await users.AdministratorsAsync(ct);
    }
}
