using Impact.Tests.Infrastructure;

// Outside any namespace: NUnit runs this once around the whole assembly.
[SetUpFixture]
public sealed class AssemblySetup
{
    [OneTimeTearDown]
    public void StopSharedResources()
    {
        PostgresServer.StopShared();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(TempFiles.Root, recursive: true); } catch (IOException) { }
    }
}
