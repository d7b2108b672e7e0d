using Impact.Dashboard;
using Impact.Dashboard.Access;
using Impact.Dashboard.Startup;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

// The dashboard: services, then the pipeline, then start (Contoso/eShop shape).
// Configuration mistakes, an unreachable warehouse and any other start-up failure end here as one
// sentence and exit 1.
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
    return ExitCodes.NothingStored;
}
catch (Exception e) // the one failure path: a sentence here, the stack trace in the failure log
{
    var log = FailureLog.Write(e, "dashboard start-up");
    Console.Error.WriteLine($"impact dashboard: {Failure.Explain(e)}{FailureLog.Pointer(log)}");
    return ExitCodes.NothingStored;
}
