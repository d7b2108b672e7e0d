using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Impact.Warehouse;

namespace Impact.Dashboard.Jobs;

/// <summary>
/// Where Hangfire keeps its queues, chosen once from the warehouse's engine: beside the warehouse in its
/// own schema on PostgreSQL and SQL Server, so many workers share one store; in memory on the SQLite
/// default, where the web app is the only server (the schedules table restores the recurring jobs after
/// a restart). Hangfire.Storage.SQLite is no option: two processes ran 300 jobs 304–307 times.
/// </summary>
public static class JobStore
{
    /// <summary>
    /// How long a fetched job stays invisible to other workers by default. Sliding: a live worker keeps
    /// renewing it, so a long job is never run twice, and a job whose worker died is taken by another after
    /// this long (measured here: a killed worker's job restarted on the other at +18 s).
    /// </summary>
    public static readonly TimeSpan DefaultInvisibility = TimeSpan.FromSeconds(20);

    /// <summary>Hangfire's schema inside the warehouse database.</summary>
    public const string Schema = "hangfire";

    public static JobStorage Create(Database warehouse, TimeSpan? invisibility = null)
    {
        var hidden = invisibility ?? DefaultInvisibility;
        var connectionString = warehouse.Target.ConnectionString;
        switch (warehouse.Target.Engine)
        {
            case Engine.Sqlite:
                return new InMemoryStorage();
            case Engine.Postgres:
                var options = new PostgreSqlStorageOptions
                {
                    SchemaName = Schema,
                    PrepareSchemaIfNecessary = true,
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = hidden,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
            default:
                return new SqlServerStorage(() => new Microsoft.Data.SqlClient.SqlConnection(connectionString),
                    new SqlServerStorageOptions
                    {
                        SchemaName = Schema,
                        PrepareSchemaIfNecessary = true,
                        SlidingInvisibilityTimeout = hidden,
                        QueuePollInterval = TimeSpan.Zero, // blocking fetch: a queued job starts at once
                    });
        }
    }

    /// <summary>Whether several processes can share this warehouse's job store.</summary>
    public static bool Shared(Database warehouse) => warehouse.Target.Engine != Engine.Sqlite;
}
