using Impact.Dashboard.Pages.Engagement;
using Impact.Dashboard.Startup;
using Impact.Warehouse;

namespace Impact.Dashboard;

public static class DashboardSetup
{
    public static void AddDashboard(this WebApplicationBuilder builder)
    {
        // IMPACT_DB names the warehouse; else Impact:Db (appsettings; `dotnet run` points it at the repository
        // root's impact.db, the same file the CLI uses there).
        var setting = builder.Configuration[DatabaseTarget.EnvironmentVariable] ?? builder.Configuration["Impact:Db"];
        builder.Services.AddSingleton(Database.FromSetting(setting));
        // Validated here, not lazily: a broken confidentiality setting must stop the app before it serves a page.
        builder.Services.AddSingleton(SurveyOptions.From(builder.Configuration));
        builder.Services.AddSingleton<WarehouseStartup>();
        builder.Services.AddRazorPages();
        // The default address only when none is given: ASPNETCORE_URLS, DOTNET_URLS, --urls, a Urls setting or
        // Kestrel endpoints all win, as ASP.NET Core users expect (a Urls line in appsettings.json beat them all).
        var given = !string.IsNullOrEmpty(builder.Configuration["urls"])
                    || builder.Configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!given)
            builder.WebHost.UseUrls(DefaultUrl);
    }

    /// <summary>Where the dashboard listens unless told otherwise.</summary>
    public const string DefaultUrl = "http://localhost:5180";

    public static void UseDashboard(this WebApplication app)
    {
        // Always the friendly error page, also in Development: a warehouse failure is shown as its
        // sentence (Pages/Error), never as a stack trace.
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/NotFound");
        app.UseStaticFiles();
        app.UseRouting();
        app.MapRazorPages();
    }
}
