using Impact.Warehouse;
using Microsoft.Data.SqlClient;

namespace Impact.Tests.Infrastructure;

/// <summary>
/// The engines every warehouse test runs on: SQLite and PostgreSQL always, SQL Server when
/// IMPACT_TEST_SQLSERVER holds a connection string (skipped, with that reason, otherwise).
/// Use on a fixture whose constructor takes the <see cref="Engine"/>:
/// <c>[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]</c>,
/// or on one test: <c>[TestCaseSource(typeof(TestDatabases), nameof(TestDatabases.Engines))]</c>.
/// </summary>
public static class TestDatabases
{
    public const string SqlServerVariable = "IMPACT_TEST_SQLSERVER";

    public static IEnumerable<TestCaseData> Engines()
    {
        yield return new TestCaseData(Engine.Sqlite).SetArgDisplayNames("sqlite");
        yield return new TestCaseData(Engine.Postgres).SetArgDisplayNames("postgres");
        yield return new TestCaseData(Engine.SqlServer).SetArgDisplayNames("sqlserver");
    }

    public static IEnumerable<TestFixtureData> Fixtures()
    {
        yield return new TestFixtureData(Engine.Sqlite).SetArgDisplayNames("sqlite");
        yield return new TestFixtureData(Engine.Postgres).SetArgDisplayNames("postgres");
        yield return new TestFixtureData(Engine.SqlServer).SetArgDisplayNames("sqlserver");
    }

    /// <summary>A new, empty database on the engine (no schema).</summary>
    public static async Task<Database> CreateEmptyAsync(Engine engine) => engine switch
    {
        Engine.Sqlite => Database.FromSetting("sqlite:" + TempFiles.NewPath(".db")),
        Engine.Postgres =>
            Database.FromSetting("postgres:" + await (await PostgresServer.GetAsync()).CreateDatabaseAsync()),
        _ => Database.FromSetting("sqlserver:" + await CreateSqlServerDatabaseAsync()),
    };

    /// <summary>A new database at the latest schema version.</summary>
    public static async Task<Database> CreateMigratedAsync(Engine engine)
    {
        var warehouse = await CreateEmptyAsync(engine);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        return warehouse;
    }

    static async Task<string> CreateSqlServerDatabaseAsync()
    {
        var given = Environment.GetEnvironmentVariable(SqlServerVariable);
        if (string.IsNullOrWhiteSpace(given))
            Assert.Ignore($"SQL Server test skipped: set {SqlServerVariable} to a SqlClient connection string to run " +
                "it (no SQL Server can run on this machine).");
        var name = $"impact_t_{Guid.NewGuid():N}";
        await using (var admin = new SqlConnection(given))
        {
            await admin.OpenAsync();
            await using var command = new SqlCommand($"CREATE DATABASE [{name}]", admin); // name is ours
            await command.ExecuteNonQueryAsync();
        }
        return new SqlConnectionStringBuilder(given) { InitialCatalog = name }.ConnectionString;
    }
}

/// <summary>Temporary files under one folder per test run, deleted at the end.</summary>
public static class TempFiles
{
    public static readonly string Root = Path.Combine(Path.GetTempPath(), $"impact-tests-{Environment.ProcessId}");

    public static string NewPath(string extension)
    {
        Directory.CreateDirectory(Root);
        return Path.Combine(Root, Guid.NewGuid().ToString("N")[..12] + extension);
    }

    public static string NewFolder()
    {
        var path = NewPath("");
        Directory.CreateDirectory(path);
        return path;
    }
}
