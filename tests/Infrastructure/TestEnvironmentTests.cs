using Impact.Ingest.Pipeline;
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

    [Test]
    public async Task The_impact_tool_sees_no_setting_of_the_test_process_only_those_the_test_passes()
    {
        var shellDb = TempFiles.NewPath(".db");
        var passedDb = TempFiles.NewPath(".db");
        var folder = TempFiles.NewFolder();
        using (TestEnvironment.Set(DatabaseTarget.EnvironmentVariable, "sqlite:" + shellDb))
        {
            var plain = await ImpactProcess.RunAsync(["init"], folder);
            Assert.That(plain.ExitCode, Is.Zero, plain.Error);

            var passed = await ImpactProcess.RunAsync(["init"], folder,
                new Dictionary<string, string?> { [DatabaseTarget.EnvironmentVariable] = "sqlite:" + passedDb });
            Assert.That(passed.ExitCode, Is.Zero, passed.Error);
        }
        Assert.That(File.Exists(shellDb), Is.False, "the test process's IMPACT_DB did not reach the tool");
        Assert.That(File.Exists(Path.Combine(folder, "impact.db")), Is.True, "without a setting, the default file");
        Assert.That(File.Exists(passedDb), Is.True, "what the test passes does reach it");
    }
}
