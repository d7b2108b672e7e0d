using Impact.Warehouse.Accounts.Users;
using Impact.Dashboard.Access;
using Impact.Warehouse;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Pages.Account;

/// <summary>
/// One's own new password: required straight after signing in with a one-time password, open at any
/// time otherwise. The session is renewed with the account's new stamp, so other sessions end.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
[AllowedBeforePasswordChange]
public sealed class PasswordModel(UserStore users, UserAdmin admin) : PageModel
{
    [BindProperty(Name = "current")] public string Current { get; set; } = "";
    [BindProperty(Name = "password")] public string NewPassword { get; set; } = "";
    [BindProperty(Name = "confirm")] public string Confirm { get; set; } = "";
    [BindProperty(Name = "returnUrl", SupportsGet = true)] public string? ReturnUrl { get; set; }

    public bool Forced => Session.MustChangePassword(User);
    public UserAccount? Account { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Account = await CurrentAccountAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Account = await CurrentAccountAsync(ct);
        if (Account is null || Account.Source != UserAccount.LocalSource) return Page();
        Problem = await ChangeAsync(Account, ct);
        if (Problem is not null) return Page();
        var renewed = Session.For((await users.FindAsync(Account.UserId, ct))!, "password");
        await HttpContext.SignInAsync(Session.Scheme, renewed);
        return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl)
            ? ReturnUrl : Navigation.HomeFor(renewed));
    }

    async Task<string?> ChangeAsync(UserAccount account, CancellationToken ct)
    {
        if (Warehouse.Accounts.Passwords.Verify(account.PasswordHash, Current)
            == Warehouse.Accounts.PasswordCheck.Wrong)
            return "The current password is not right.";
        if (NewPassword != Confirm) return "The new password and its confirmation differ.";
        try
        {
            await admin.ChangeOwnPasswordAsync(Caller.Of(HttpContext), account, NewPassword, ct);
            return null;
        }
        catch (ImpactException e)
        {
            return e.Message;
        }
    }

    async Task<UserAccount?> CurrentAccountAsync(CancellationToken ct) =>
        Session.UserId(User) is { } id ? await users.FindAsync(id, ct) : null;
}
