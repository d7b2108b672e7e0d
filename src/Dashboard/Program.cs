using Impact.Dashboard;
using Impact.Dashboard.Startup;
using Impact.Warehouse;

// The dashboard: services, then the pipeline, then start (Contoso/eShop shape).
// Configuration mistakes and an unreachable warehouse end here as one sentence and exit 1.
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddDashboard();
    var app = builder.Build();
    app.UseDashboard();
    await app.Services.GetRequiredService<WarehouseStartup>().PrepareAsync(app.Lifetime.ApplicationStopping);
    await app.RunAsync();
    return 0;
}
catch (ImpactException e)
{
    Console.Error.WriteLine($"impact dashboard: {e.Message}");
    return 1;
}
