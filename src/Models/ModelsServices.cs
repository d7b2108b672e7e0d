using Impact.Models.Estimation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Impact.Models;

/// <summary>
/// The models' settings, bound in one place for the web app and the worker: how a scheduled or
/// first-start estimate run is made, from <c>Impact:Estimate</c> (each <see cref="EstimateOptions"/>
/// property by name, e.g. <c>Impact:Estimate:Folds</c>); what is not set keeps the defaults that
/// <c>impact estimate</c> uses.
/// </summary>
public static class ModelsServices
{
    public const string EstimateSection = "Impact:Estimate";

    public static IServiceCollection AddModels(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(configuration.GetSection(EstimateSection).Get<EstimateOptions>()
            ?? new EstimateOptions());
}
