using Impact.Dashboard;
using Impact.Ingest.Db;

// The dashboard: services, then the pipeline, then start (Contoso/eShop shape).
var builder = WebApplication.CreateBuilder(args);
builder.AddDashboard();
var app = builder.Build();
app.UseDashboard();

try
{
    await app.Services.GetRequiredService<Impact.Dashboard.Startup.WarehouseStartup>().PrepareAsync(app.Lifetime.ApplicationStopping);
}
catch (ImpactException e)
{
    Console.Error.WriteLine($"impact dashboard: {e.Message}");
    return 1;
}

await app.RunAsync();
return 0;
