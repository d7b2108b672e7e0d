using Impact.Tests.Infrastructure;

// Outside any namespace: NUnit runs this once around the whole assembly.
[SetUpFixture]
public sealed class AssemblySetup
{
    // Failures the tests provoke in this process write their stack traces here, not into the home folder.
    [OneTimeSetUp]
    public void KeepFailureLogsInTheTestFolder() =>
        Impact.Warehouse.Runs.FailureLog.Folder = Path.Combine(TempFiles.Root, "failure-logs");

    [OneTimeTearDown]
    public void StopSharedResources()
    {
        PostgresServer.StopShared();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(TempFiles.Root, recursive: true); } catch (IOException) { }
    }
}
