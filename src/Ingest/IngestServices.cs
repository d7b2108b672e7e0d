using Impact.Ingest.Pipeline;
using Impact.Ingest.Sql;
using Impact.Ingest.Xapi;
using Impact.Warehouse.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Impact.Ingest;

/// <summary>
/// Ingest's deployment settings, bound in one place for every host: secrets and site choices named by
/// their environment variables (<c>IMPACT_PSEUDONYM_KEY</c>, <c>IMPACT_LRS_KEY</c>, <c>IMPACT_LRS_SECRET</c>,
/// <c>IMPACT_XAPI_ACTIVITY_PREFIX</c>, <c>IMPACT_SQL_*</c>, and how runs meet faults and dates: <c>IMPACT_RETRIES</c>,
/// <c>IMPACT_LRS_TIMEOUT</c>, <c>IMPACT_EARLIEST_DATE</c>, <c>IMPACT_YEARS_AHEAD</c>). The web app and the worker call
/// <see cref="AddIngest"/>; the CLI calls <see cref="Bind"/> on the environment. The sources themselves
/// only ever see <see cref="IngestOptions"/>.
/// </summary>
public static class IngestServices
{
    /// <summary>The base options of every run in this deployment; a run adds its own (dry run, profile...).</summary>
    public static IngestOptions Bind(IConfiguration configuration) => new()
    {
        Pseudonymizer = Pseudonymizer.FromKey(configuration[Pseudonymizer.KeyVariable]),
        XapiActivityPrefix = configuration[XapiSource.PrefixVariable],
        Lrs = new LrsCredentials(configuration[LrsOptions.KeyVariable], configuration[LrsOptions.SecretVariable]),
        SqlSources = configuration.AsEnumerable()
            .Where(s => s.Key.StartsWith(SqlConnectionSettings.Prefix, StringComparison.OrdinalIgnoreCase)
                && s.Value is not null)
            .ToDictionary(s => s.Key.ToUpperInvariant(), s => s.Value!),
        Retry = RetryPolicy.Bind(configuration),
        Dates = DateWindow.Bind(configuration),
        LrsTimeout = TimeSpan.FromSeconds(
            RetryPolicy.Number(configuration, LrsOptions.TimeoutVariable, (int)LrsTimeoutDefault.TotalSeconds, 1,
                86_400)),
    };

    static readonly TimeSpan LrsTimeoutDefault = new IngestOptions().LrsTimeout;

    /// <summary>
    /// Registers <see cref="IngestOptions"/>, bound now: a too-short pseudonymisation key stops the host here.
    /// </summary>
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(Bind(configuration));
}
