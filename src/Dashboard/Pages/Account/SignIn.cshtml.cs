using Impact.Warehouse.Accounts.SignIn;
using Impact.Dashboard.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Pages.Account;

/// <summary>
/// Sign-in with email and password (fields <c>email</c>, <c>password</c>), or through the
/// organisation's identity provider when one is configured. <c>returnUrl</c> is followed only when it
/// is a path on this site, so the form cannot be used to send people elsewhere.
/// </summary>
[AllowAnonymous]
[AllowedBeforePasswordChange]
public sealed class SignInModel(Credentials credentials, AuthOptions options) : PageModel
{
    /// <summary>One answer for an unknown email, a wrong password and a locked account (see Credentials).</summary>
    public static readonly string Refused =
        $"Email or password not recognised. After {Credentials.MaxFailedAttempts} failed attempts an account is " +
        $"locked for {Credentials.LockoutDuration.TotalMinutes:0} minutes; an administrator can unlock it sooner.";

    public const string SingleSignOnRefused =
        "Your organisation's sign-in did not give you an Impact role. Ask an Impact administrator for access.";

    [BindProperty(Name = "email")] public string Email { get; set; } = "";
    [BindProperty(Name = "password")] public string Password { get; set; } = "";
    [BindProperty(Name = "returnUrl", SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }
    public AuthOptions Options => options;

    public void OnGet() =>
        Problem = Request.Query.ContainsKey(SingleSignOnEvents.RefusedQuery) ? SingleSignOnRefused : null;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!options.LocalAccounts) return NotFound();
        var user = await credentials.CheckAsync(Email, Password, Caller.Of(HttpContext), ct);
        if (user is null)
        {
            Problem = Refused;
            Password = "";
            return Page();
        }
        var session = Session.For(user, "password");
        await HttpContext.SignInAsync(Session.Scheme, session);
        var next = Navigation.LandingFor(session, LocalReturnUrl);
        return user.MustChangePassword
            ? Redirect($"{BeforePasswordChange.PasswordPage}?returnUrl={Uri.EscapeDataString(next)}")
            : LocalRedirect(next);
    }

    /// <summary>A link, not a form: the CSP's form-action forbids a form leading to the provider's origin.</summary>
    public IActionResult OnGetSingleSignOn() => options.Oidc.Enabled
        ? Challenge(new AuthenticationProperties { RedirectUri = LocalReturnUrl ?? "/" }, SingleSignOn.Scheme)
        : NotFound();

    /// <summary>Null when absent or not a path on this site (<see cref="Navigation.LandingFor"/> decides where
    /// the person goes then).</summary>
    string? LocalReturnUrl => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;
}
