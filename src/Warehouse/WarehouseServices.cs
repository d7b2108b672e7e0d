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
        services.AddSingleton(Database.FromSetting(DatabaseSetting(configuration)));
        services.AddSingleton(GroupSizeRule.Parse(configuration[GroupSizeRule.Setting], GroupSizeRule.Setting));
        return services;
    }
}
