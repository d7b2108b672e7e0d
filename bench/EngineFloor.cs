using Impact.Warehouse;

namespace Impact.Bench;

/// <summary>
/// The engine's own bulk loader, the floor a load is measured against: <c>sqlite3 .import</c> (with the
/// warehouse's settings: WAL, synchronous NORMAL) or <c>psql \copy</c>, each into a fresh database with tables
/// of the same columns and key, so the floor includes building the key.
/// </summary>
public sealed class EngineFloor(BenchPostgres? server, string folder)
{
    string database = "";

    public string Name => server is null ? "sqlite3 .import" : "psql \\copy";

    Dialect Dialect => Dialect.For(server is null ? Engine.Sqlite : Engine.Postgres);

    /// <summary>A fresh database with these tables (<c>{type}</c> tokens as in the migrations); not timed.</summary>
    public void Prepare(params string[] tables)
    {
        var ddl = tables.Select(t => Dialect.RenderSchema(t) + (server is null ? " WITHOUT ROWID;" : ";")).ToArray();
        if (server is null)
        {
            database = Path.Combine(folder, "floor.db");
            foreach (var f in new[] { database, database + "-wal", database + "-shm" }) File.Delete(f);
            BenchPostgres.Run("sqlite3", [database, "PRAGMA journal_mode = WAL;", .. ddl]);
        }
        else
        {
            database = server.CreateDatabase();
            BenchPostgres.Run(server.Psql, Psql(string.Join(" ", ddl)));
        }
    }

    /// <summary>Loads a CSV file with a header line into a table of the prepared database.</summary>
    public void Load(string csv, string table)
    {
        if (server is null)
            BenchPostgres.Run("sqlite3",
                [database, "PRAGMA synchronous = NORMAL;", $".import --csv --skip 1 {csv} {table}"]);
        else BenchPostgres.Run(server.Psql, Psql($"\\copy {table} FROM '{csv}' WITH (FORMAT csv, HEADER)"));
    }

    string[] Psql(string command) =>
        [.. server!.PsqlTo(database), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", command];
}
