using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Impact.Dashboard.Access;

namespace Impact.Tests.Dashboard;

/// <summary>
/// The real dashboard (Program, services, pipeline, Razor Pages) served in memory against a warehouse
/// setting, with any further configuration. Any dashboard type names the assembly whose entry point runs.
/// </summary>
public sealed class DashboardApp(string databaseSetting, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Impact.Dashboard.Pages.IndexModel>
{
    /// <summary>The warehouse setting, for a second app on the same warehouse.</summary>
    public string DatabaseSetting => databaseSetting;

    /// <summary>The warehouse the app serves, for tests that add users or rows directly.</summary>
    public Database Warehouse { get; } = Database.FromSetting(databaseSetting);

    /// <summary>What the app printed to the console at start (the first administrator's one-time password).</summary>
    public StringWriter Console { get; } = new();

    /// <summary>Everything the app logged, to check what it never logs.</summary>
    public System.Text.StringBuilder Logs { get; } = new();

    /// <summary>The app's clock; a test that moves time sets its own before the app starts.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>A fresh migrated warehouse on the engine (SQL Server only when configured), seeded or not.</summary>
    public static async Task<(DashboardApp App, Database Warehouse)> OnAsync(Engine engine, bool seeded,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        if (engine == Engine.Sqlite) return await OnSqliteAsync(seeded, settings);
        var warehouse = await TestDatabases.CreateMigratedAsync(engine);
        if (seeded) await DashboardSeed.SeedAsync(warehouse);
        var scheme = engine == Engine.Postgres ? "postgres" : "sqlserver";
        return (new DashboardApp($"{scheme}:{warehouse.Target.ConnectionString}", settings), warehouse);
    }

    /// <summary>A fresh migrated SQLite warehouse, seeded or not, and the app on it.</summary>
    public static async Task<(DashboardApp App, Database Warehouse)> OnSqliteAsync(bool seeded,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var setting = "sqlite:" + TempFiles.NewPath(".db");
        var warehouse = Database.FromSetting(setting);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        if (seeded) await DashboardSeed.SeedAsync(warehouse);
        return (new DashboardApp(setting, settings), warehouse);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(DatabaseTarget.EnvironmentVariable, databaseSetting);
        // No first-start sample load unless a test asks for it: the pages are tested on their own seeds.
        builder.UseSetting(Impact.Dashboard.Startup.WarehouseStartup.SampleDataKey, "none");
        // No job server unless a test asks for one: most pages need none, and each would poll its store.
        builder.UseSetting("Impact:Jobs:Server", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        // Production: the friendly error page, as users see it.
        builder.UseEnvironment("Production");
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturedLogs(Logs)));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new StartupConsole(Console));
            services.AddSingleton(Clock);
        });
    }
}

/// <summary>Writes every log message, at every level, to a string builder.</summary>
sealed class CapturedLogs(System.Text.StringBuilder into) : ILoggerProvider, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        lock (into) into.AppendLine(formatter(state, exception)).AppendLine(exception?.ToString());
    }

    public void Dispose() { }
}
