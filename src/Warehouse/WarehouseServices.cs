using Impact.Warehouse.Runs;
using Impact.Warehouse.Surveys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Impact.Warehouse;

/// <summary>
/// The warehouse's settings, bound in one place for every host: the web app and the worker call
/// <see cref="AddWarehouse"/>; the CLI asks <see cref="DatabaseSetting"/> for the default of <c>--db</c>.
/// </summary>
public static class WarehouseServices
{
    /// <summary>Where the warehouse is when the environment or appsettings say so (<c>Impact:Db</c>).</summary>
    public const string DatabaseKey = "Impact:Db";

    /// <summary><c>IMPACT_DB</c>, else <c>Impact:Db</c>, else the SQLite default.</summary>
    public static string DatabaseSetting(IConfiguration configuration) =>
        configuration[DatabaseTarget.EnvironmentVariable] ?? configuration[DatabaseKey] ?? DatabaseTarget.Default;

    /// <summary>
    /// The <see cref="Database"/> and the survey <see cref="GroupSizeRule"/>, made now rather than on first
    /// use: a malformed setting stops the host with its sentence before it serves anything.
    /// </summary>
    public static IServiceCollection AddWarehouse(this IServiceCollection services, IConfiguration configuration)
    {
        ConfigureRuns(configuration);
        services.AddSingleton(Open(DatabaseSetting(configuration), configuration));
        services.AddSingleton(GroupSizeRule.Parse(configuration[GroupSizeRule.Setting], GroupSizeRule.Setting));
        services.AddSingleton(DateWindow.Bind(configuration));
        return services;
    }

    /// <summary>The warehouse <paramref name="setting"/> names, waiting <c>IMPACT_BUSY_TIMEOUT</c> on a lock.</summary>
    public static Database Open(string? setting, IConfiguration configuration) =>
        new(DatabaseTarget.Parse(setting)) { BusyTimeout = RetryPolicy.Bind(configuration).BusyTimeout };

    /// <summary>
    /// How every run of this process ends badly, from the host's configuration: where failure logs go
    /// (<c>IMPACT_LOG_DIR</c>, else <c>XDG_STATE_HOME</c>'s or the home folder's <c>.local/state/impact/logs</c>) and
    /// when another host's silent run counts as dead (<c>IMPACT_RUN_STALE_AFTER</c> seconds).
    /// </summary>
    public static void ConfigureRuns(IConfiguration configuration)
    {
        FailureLog.Folder = configuration[FailureLog.FolderVariable] is { Length: > 0 } folder
            ? folder : FailureLog.DefaultFolder(configuration["XDG_STATE_HOME"]);
        StaleRuns.StaleAfter = TimeSpan.FromSeconds(
            RetryPolicy.Number(configuration, StaleRuns.StaleAfterVariable, (int)TimeSpan.FromMinutes(30).TotalSeconds,
                1, 31_536_000));
    }
}
