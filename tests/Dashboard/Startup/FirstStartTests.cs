using Dapper;
using Impact.Dashboard.Startup;
using Impact.Models.Simulation;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Microsoft.Extensions.DependencyInjection;

namespace Impact.Tests.Dashboard.Startup;

/// <summary>The README's run command on a fresh machine: the sample organisation is loaded and estimated
/// once.</summary>
public sealed class FirstStartTests
{
    [Test]
    public async Task First_start_loads_the_sample_folder_and_stores_an_estimate_run_and_a_second_start_loads_nothing()
    {
        var options = new SimulationOptions { Employees = 150, Months = 12, Seed = 3 };
        var folder = TempFiles.NewFolder();
        await CanonicalFiles.WriteAsync(new OrganisationSimulator(options).Run(), folder, options,
            CancellationToken.None);
        var setting = "sqlite:" + TempFiles.NewPath(".db");
        var settings = new Dictionary<string, string?> { [WarehouseStartup.SampleDataKey] = folder };

        await using (var first = new DashboardApp(setting, settings))
        {
            using var client = await first.ClientAsync(Impact.Warehouse.Accounts.Roles.LdLead);
            var estimate = first.Services.GetRequiredService<WarehouseStartup>().FirstEstimate;
            Assert.That(estimate, Is.Not.Null, "the first start starts an estimate run");
            await estimate!;
            var page = await client.GetStringAsync("/");
            Assert.That(page, Does.Contain("<strong>150</strong> employees"), "the count where the page shows it");
            Assert.That(page, Does.Contain("Verdicts of the latest estimate run"));
        }

        var warehouse = Database.FromSetting(setting);
        long runs, employees, estimates;
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
        {
            runs = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ingest_runs");
            employees = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM employees");
            estimates =
                await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM estimate_runs WHERE status = 'succeeded'");
        }
        Assert.That(employees, Is.EqualTo(150));
        Assert.That(estimates, Is.EqualTo(1));

        await using (var second = new DashboardApp(setting, settings))
        {
            using var client = second.CreateClient();
            Assert.That(second.Services.GetRequiredService<WarehouseStartup>().FirstEstimate, Is.Null);
        }
        await using var check = await warehouse.OpenAsync(CancellationToken.None);
        Assert.That(await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ingest_runs"), Is.EqualTo(runs),
            "nothing loaded again");
    }
}
