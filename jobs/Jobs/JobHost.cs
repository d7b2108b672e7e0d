using Impact.Dashboard.Jobs;
using Impact.Ingest;
using Impact.Models;
using Impact.Warehouse;
using Impact.Warehouse.Accounts.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Impact.Jobs.Jobs;

/// <summary>
/// A Hangfire server in this process, with the same job types, storage and settings as the web app's:
/// <c>impact worker</c> runs one until stopped; <c>impact jobs trigger</c> on SQLite runs one job on it.
/// Configuration is the environment only (IMPACT_*, Impact__Jobs__*), never an appsettings file.
/// </summary>
public static class JobHost
{
    public static WebApplication Build(string databaseSetting, int? workers, string? urls, bool syncSchedules)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(Settings.Environment);
        builder.Configuration[DatabaseTarget.EnvironmentVariable] = databaseSetting;
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(urls ?? "http://127.0.0.1:0");
        builder.Services.AddWarehouse(builder.Configuration);
        builder.Services.AddIngest(builder.Configuration);
        builder.Services.AddModels(builder.Configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddJobs(builder.Configuration, server: true, workers: workers,
            serverName: $"impact-worker:{JobRuns.Worker}", syncSchedules: syncSchedules);
        var app = builder.Build();
        app.MapHealth();
        return app;
    }
}
