using Impact.Warehouse.Accounts;
using Impact.Warehouse.Accounts.Users;
using Impact.Dashboard.Access;
using Impact.Warehouse;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impact.Dashboard.Pages.Admin;

/// <summary>
/// Who may sign in and with which roles: the same operations as <c>impact users</c>, each audited.
/// A one-time password is shown once, in the answer to the form that made it.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class UsersModel(UserStore users, UserAdmin admin, TimeProvider clock) : PageModel
{
    public IReadOnlyList<UserAccount> Users { get; private set; } = [];
    public DateTimeOffset Now => clock.GetUtcNow();
    public string? Notice { get; private set; }
    public string? OneTimePassword { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Users = await users.ListAsync(ct);

    public Task<IActionResult> OnPostAddAsync(string email, string? name, string[] roles, CancellationToken ct) =>
        DoAsync(async () =>
        {
            OneTimePassword = await admin.AddAsync(Caller.Of(HttpContext), email, name ?? "", roles, null, ct);
            Notice = $"Added {EmailAddress.Normalize(email)}. Hand over this one-time password privately; " +
                     "it is shown only now and must be changed at the first sign-in:";
        }, ct);

    public Task<IActionResult> OnPostRolesAsync(string email, string[] roles, CancellationToken ct) =>
        DoAsync(async () =>
        {
            await admin.SetRolesAsync(Caller.Of(HttpContext), email, roles, ct);
            Notice = $"{EmailAddress.Normalize(email)} now holds {string.Join(", ", Roles.ParseAll(roles))}; " +
                     "their open sessions have ended.";
        }, ct);

    public Task<IActionResult> OnPostResetAsync(string email, CancellationToken ct) =>
        DoAsync(async () =>
        {
            OneTimePassword = await admin.ResetPasswordAsync(Caller.Of(HttpContext), email, ct);
            Notice = $"New one-time password for {EmailAddress.Normalize(email)} (the old password no longer " +
                     "works; shown only now):";
        }, ct);

    public Task<IActionResult> OnPostUnlockAsync(string email, CancellationToken ct) =>
        DoAsync(async () =>
        {
            await admin.UnlockAsync(Caller.Of(HttpContext), email, ct);
            Notice = $"Unlocked {EmailAddress.Normalize(email)}.";
        }, ct);

    public Task<IActionResult> OnPostRemoveAsync(string email, CancellationToken ct) =>
        DoAsync(async () =>
        {
            await admin.RemoveAsync(Caller.Of(HttpContext), email, ct);
            Notice = $"Removed {EmailAddress.Normalize(email)}; their open sessions have ended.";
        }, ct);

    // Each form answers with this page: the notice (and any one-time password) or the refusal, then the list.
    async Task<IActionResult> DoAsync(Func<Task> change, CancellationToken ct)
    {
        try
        {
            await change();
        }
        catch (ImpactException e)
        {
            Problem = e.Message;
            OneTimePassword = null;
            Notice = null;
        }
        Users = await users.ListAsync(ct);
        return Page();
    }
}
