using Impact.Tests.Infrastructure;

// Before every test: no IMPACT_* setting from the shell or from an earlier test.
[assembly: NoImpactSettingsFromTheShell]

// Outside any namespace: NUnit runs this once around the whole assembly.
[SetUpFixture]
public sealed class AssemblySetup
{
    // Also once before anything else: a fixture's SetUp runs before the per-test action does.
    [OneTimeSetUp]
    public void ClearSettingsFromTheShell() => TestEnvironment.ClearProductSettings();

    [OneTimeTearDown]
    public void StopSharedResources()
    {
        PostgresServer.StopShared();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(TempFiles.Root, recursive: true); } catch (IOException) { }
    }
}
