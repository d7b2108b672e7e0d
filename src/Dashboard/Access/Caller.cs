using System.Security.Claims;
using Impact.Warehouse.Accounts.Audit;

namespace Impact.Dashboard.Access;

/// <summary>The person making a request, for the audit log: their email (or "anonymous") and IP address.</summary>
public static class Caller
{
    public static Actor Of(HttpContext http) =>
        new(http.User.FindFirstValue(ClaimTypes.Email) ?? "anonymous",
            http.Connection.RemoteIpAddress?.ToString());
}
