using Impact.Models;
using Impact.Models.Estimation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Impact.Tests.Models;

public sealed class ModelsServicesTests
{
    [Test]
    public void Estimate_settings_bind_by_property_name_and_the_rest_keep_the_cli_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Impact:Estimate:Folds"] = "3", ["Impact:Estimate:Insights"] = "false",
        }).Build();
        var options = new ServiceCollection().AddModels(configuration).BuildServiceProvider()
            .GetRequiredService<EstimateOptions>();
        Assert.That((options.Folds, options.Insights), Is.EqualTo((3, false)));
        Assert.That(options with { Folds = 5, Insights = true }, Is.EqualTo(new EstimateOptions()));
    }
}
