using Impact.Ingest.Pipeline;
using Impact.Tests.Ingest;
using Impact.Ingest.Xapi;
using Impact.Warehouse;

namespace Impact.Tests.Infrastructure;

/// <summary>What a developer's shell holds must not change what the suite proves.</summary>
[NonParallelizable] // changes the process's environment
public sealed class TestEnvironmentTests
{
    const string SuiteSwitch = "IMPACT_TEST_PROBE";

    // Stands for the shell (or a careless earlier test): set before the per-test clearing runs.
    [OneTimeSetUp]
    public void LeaveSettingsBehind()
    {
        Environment.SetEnvironmentVariable(Pseudonymizer.KeyVariable, "a-key-from-a-developers-shell");
        Environment.SetEnvironmentVariable(XapiSource.PrefixVariable, "https://lms.example.com/course/");
        Environment.SetEnvironmentVariable("Impact__Db", "sqlite:/from/the/shell.db");
        Environment.SetEnvironmentVariable(SuiteSwitch, "kept");
    }

    [OneTimeTearDown]
    public void RemoveTheSuiteSwitch() => Environment.SetEnvironmentVariable(SuiteSwitch, null);

    [Test]
    public void Settings_left_in_the_environment_are_gone_when_a_test_starts_and_the_suites_own_switches_stay()
    {
        Assert.That(TestEnvironment.ProductSettings(), Is.Empty);
        Assert.That(Environment.GetEnvironmentVariable(Pseudonymizer.KeyVariable), Is.Null);
        Assert.That(Environment.GetEnvironmentVariable("Impact__Db"), Is.Null, "configuration is case-insensitive");
        Assert.That(Environment.GetEnvironmentVariable(SuiteSwitch), Is.EqualTo("kept"));
    }

    static string Employee(string id) => $"employee_id,team_id\n{id},T1\n";

    [Test]
    public async Task The_impact_tool_sees_no_setting_of_the_test_process_only_those_the_test_passes()
    {
        const string key = "a-key-from-a-developers-shell";
        var shellDb = TempFiles.NewPath(".db");
        var folder = TempFiles.NewFolder();
        var db = Path.Combine(folder, "impact.db");
        using var shellKey = TestEnvironment.Set(Pseudonymizer.KeyVariable, key);
        using var shellWarehouse = TestEnvironment.Set(DatabaseTarget.EnvironmentVariable, "sqlite:" + shellDb);

        var init = await ImpactProcess.RunAsync(["init"], folder);
        Assert.That(init.ExitCode, Is.Zero, init.Error);
        Assert.That((File.Exists(db), File.Exists(shellDb)), Is.EqualTo((true, false)), "the default, not the shell's");

        var plain = await ImpactProcess.RunAsync(["ingest", "employees", IngestTestKit.File(Employee("E1"))], folder);
        Assert.That(plain.ExitCode, Is.Zero, plain.Error);
        var passed = await ImpactProcess.RunAsync(["ingest", "employees", IngestTestKit.File(Employee("E2"))], folder,
            new Dictionary<string, string?> { [Pseudonymizer.KeyVariable] = key });
        Assert.That(passed.ExitCode, Is.Zero, passed.Error);

        var stored = await IngestTestKit.QueryAsync<string>(Database.FromSetting("sqlite:" + db),
            "SELECT employee_id FROM employees ORDER BY employee_id");
        Assert.That(stored, Is.EqualTo(new[] { "E1", Pseudonymizer.FromKey(key).Employee("E2") }),
            "the key in the test process did not reach the tool; the key the test passed did");
    }
}
