using Impact.Tests.Infrastructure;

// Before every test: no IMPACT_* setting from the shell or from an earlier test.
[assembly: NoImpactSettingsFromTheShell]

// Outside any namespace: NUnit runs this once around the whole assembly.
[SetUpFixture]
public sealed class AssemblySetup
{
    // Once before anything else: a fixture's SetUp runs before the per-test action does.
    // Failures the tests provoke in this process write their stack traces to the test folder, not the home folder.
    [OneTimeSetUp]
    public void PrepareTheTestProcess()
    {
        TestEnvironment.ClearProductSettings();
        Impact.Warehouse.Runs.FailureLog.Folder = Path.Combine(TempFiles.Root, "failure-logs");
    }

    [OneTimeTearDown]
    public void StopSharedResources()
    {
        PostgresServer.StopShared();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(TempFiles.Root, recursive: true); } catch (IOException) { }
    }
}
