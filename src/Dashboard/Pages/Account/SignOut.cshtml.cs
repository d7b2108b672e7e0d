using Impact.Warehouse.Accounts.Audit;
using Impact.Dashboard.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Pages.Account;

/// <summary>Signing out is a POST (a link or an image could not sign anyone out); GET asks to confirm.</summary>
[Authorize(Policy = Policies.SignedIn)]
[AllowedBeforePasswordChange]
public sealed class SignOutModel(AuditLog audit) : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await audit.WriteAsync(Caller.Of(HttpContext), AuditActions.SignedOut, Session.Email(User), null, ct);
        await HttpContext.SignOutAsync(Session.Scheme);
        return Redirect("/signin");
    }
}
