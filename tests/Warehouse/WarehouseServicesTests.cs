using Impact.Warehouse;
using Impact.Warehouse.Surveys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Impact.Tests.Warehouse;

public sealed class WarehouseServicesTests
{
    static IServiceProvider Services(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddWarehouse(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

    [Test]
    public void IMPACT_DB_wins_over_Impact_Db_and_nothing_set_is_the_sqlite_default()
    {
        var both = Services(new() { ["IMPACT_DB"] = "sqlite:from-env.db",
            ["Impact:Db"] = "sqlite:from-appsettings.db" });
        Assert.That(both.GetRequiredService<Database>().Target.Display, Does.EndWith("from-env.db"));
        var appsettings = Services(new() { ["Impact:Db"] = "sqlite:from-appsettings.db" });
        Assert.That(appsettings.GetRequiredService<Database>().Target.Display, Does.EndWith("from-appsettings.db"));
        Assert.That(Services([]).GetRequiredService<Database>().Target.Display, Does.EndWith("impact.db"));
    }

    [Test]
    public void The_survey_minimum_is_bound_from_Impact_Survey_MinGroupSize()
    {
        Assert.That(Services(new() { ["Impact:Survey:MinGroupSize"] = "7" })
            .GetRequiredService<GroupSizeRule>().Minimum, Is.EqualTo(7));
        Assert.That(Services([]).GetRequiredService<GroupSizeRule>().Minimum, Is.EqualTo(GroupSizeRule.Default));
    }
}
