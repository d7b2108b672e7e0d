using Microsoft.Extensions.Configuration;

namespace Impact.Jobs;

/// <summary>
/// The CLI's configuration, in one place: the environment (<c>IMPACT_*</c>), read once and handed to the
/// same binders the web app uses (<c>WarehouseServices.DatabaseSetting</c>, <c>IngestServices.Bind</c>).
/// Secrets come only from here, never from a command-line flag.
/// </summary>
public static class Settings
{
    public static IConfiguration Environment { get; } = new ConfigurationBuilder().AddEnvironmentVariables().Build();
}
