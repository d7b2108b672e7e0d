using Impact.Dashboard;
using Impact.Dashboard.Access;
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
    var stopping = app.Lifetime.ApplicationStopping;
    await app.Services.GetRequiredService<WarehouseStartup>().PrepareAsync(stopping);
    await app.Services.GetRequiredService<FirstAdministrator>().CreateIfNoAccountsAsync(stopping);
    await app.RunAsync();
    return 0;
}
catch (ImpactException e)
{
    Console.Error.WriteLine($"impact dashboard: {e.Message}");
    return 1;
}
