using Impact.Dashboard.Startup;
using Impact.Ingest.Db;

namespace Impact.Dashboard;

public static class DashboardSetup
{
    public static void AddDashboard(this WebApplicationBuilder builder)
    {
        // IMPACT_DB names the warehouse; else Impact:Db (appsettings; `dotnet run` points it at the repository
        // root's impact.db, the same file the CLI uses there).
        var setting = builder.Configuration[DatabaseTarget.EnvironmentVariable] ?? builder.Configuration["Impact:Db"];
        builder.Services.AddSingleton(Warehouse.FromSetting(setting));
        builder.Services.AddSingleton<WarehouseStartup>();
        builder.Services.AddRazorPages();
    }

    public static void UseDashboard(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error");
        app.UseStaticFiles();
        app.UseRouting();
        app.MapRazorPages();
    }
}
