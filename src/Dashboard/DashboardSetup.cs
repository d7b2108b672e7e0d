using Impact.Dashboard.Access;
using Impact.Dashboard.Jobs;
using Impact.Dashboard.Startup;
using Impact.Ingest;
using Impact.Models;
using Impact.Warehouse;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Impact.Dashboard;

public static class DashboardSetup
{
    public static void AddDashboard(this WebApplicationBuilder builder)
    {
        // IMPACT_DB names the warehouse; else Impact:Db (appsettings; `dotnet run` points it at the repository
        // root's impact.db, the same file the CLI uses there). Every setting is validated here, not lazily:
        // a broken one (such as a survey minimum below 3) stops the app before it serves a page.
        builder.Services.AddWarehouse(builder.Configuration);
        builder.Services.AddModels(builder.Configuration);
        builder.Services.AddIngest(builder.Configuration); // for the first-start sample load only
        builder.Services.AddSingleton<WarehouseStartup>();
        builder.Services.AddAccess(builder.Configuration);
        builder.Services.AddJobs(builder.Configuration);
        // The executive pack, for the Export page and scheduled export jobs (SMTP settings read when mailing).
        builder.Services.TryAddSingleton<Exports.ExportPack>();
        // The caches find the data stamp the request's session check read with it (Caching/DataStamp).
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<Caching.DataStamp>();
        builder.Services.AddSingleton<Charts.ChartCache>();
        builder.Services.AddSingleton<Caching.PageDataCache>();
        builder.Services.AddSingleton<Caching.PageHtmlCache>();
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
        app.UseForwardedHeadersFromKnownProxies();
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/Status/{0}");
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseSignIn();
        app.MapRazorPages();
        app.MapJobsDashboard();
        app.MapHealth();
    }
}
