using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Impact.Warehouse.Runs;

namespace Impact.Warehouse;

/// <summary>One numbered script in <c>Migrations/</c>, e.g. <c>0003_ingest_runs.sql</c>.</summary>
public sealed record Migration(int Version, string Description, string Script)
{
    /// <summary>Hash of the script as written; an applied script must never change afterwards.</summary>
    public string Checksum { get; } =
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Script.ReplaceLineEndings("\n"))))[..16];
}

public sealed record MigrationReport(int FromVersion, int ToVersion, IReadOnlyList<Migration> Applied);

/// <summary>
/// Creates and upgrades the warehouse schema: each script runs once, in its own transaction, under a
/// lock, and is recorded in <c>schema_version</c>. Scripts are written once for all engines with
/// <c>{type}</c> tokens that <see cref="Dialect.RenderSchema"/> fills in.
/// </summary>
public static class Migrator
{
    public static IReadOnlyList<Migration> All { get; } = Load();

    public static int LatestVersion => All[^1].Version;

    static IReadOnlyList<Migration> Load()
    {
        const string prefix = "Impact.Migrations.";
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^".sql".Length];
                var underscore = file.IndexOf('_');
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return new Migration(int.Parse(file[..underscore]), file[(underscore + 1)..].Replace('_', ' '),
                    reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <summary>The schema version the database is at (0 when empty). Only reads: asking leaves no trace.</summary>
    public static async Task<int> CurrentVersionAsync(Database warehouse, CancellationToken ct)
    {
        await using var connection = await warehouse.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(warehouse.Dialect.VersionTableExists,
            cancellationToken: ct)) == 0) return 0;
        return await connection.ExecuteScalarAsync<int?>(
            new CommandDefinition("SELECT MAX(version) FROM schema_version", cancellationToken: ct)) ?? 0;
    }

    static async Task<IReadOnlyList<int>> AppliedVersionsAsync(Database warehouse, CancellationToken ct)
    {
        await using var connection = await warehouse.OpenAsync(ct);
        return (await connection.QueryAsync<int>(
            new CommandDefinition("SELECT version FROM schema_version", cancellationToken: ct))).ToList();
    }

    /// <summary>Brings the schema to <paramref name="targetVersion"/> (default: the latest).</summary>
    public static async Task<MigrationReport> MigrateAsync(Database warehouse, CancellationToken ct,
        int? targetVersion = null)
    {
        var target = targetVersion ?? LatestVersion;
        var dialect = warehouse.Dialect;
        await using var connection = await warehouse.OpenAsync(ct);
        await CreateVersionTableAsync(connection, dialect, ct);

        var from = -1;
        var applied = new List<Migration>();
        foreach (var migration in All.Where(m => m.Version <= target))
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            if (dialect.MigrationLock is { } lockSql)
                await connection.ExecuteAsync(new CommandDefinition(lockSql, transaction: tx, cancellationToken: ct));

            // Read the state under the lock: another process may have migrated while we waited.
            var done = (await connection.QueryAsync<(int Version, string Checksum)>(new CommandDefinition(
                "SELECT version, checksum FROM schema_version", transaction: tx,
                cancellationToken: ct))).ToDictionary(r => r.Version, r => r.Checksum);
            if (from < 0) from = done.Count == 0 ? 0 : done.Keys.Max();
            CheckKnown(warehouse, done);

            if (done.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                    throw new ImpactException($"Migration {migration.Version} ({migration.Description}) was changed " +
                        $"after {warehouse.Target} applied it: restore the script as it was and add a new migration " +
                        "instead.");
                await tx.RollbackAsync(ct);
                continue;
            }

            // A script that fills a table from the stored rows (0015, 0020) reads every KPI row: on a server, no
            // 30-second command timeout may stop it half-way (SQLite's timeout is its wait for a lock, kept).
            await connection.ExecuteAsync(new CommandDefinition(dialect.RenderSchema(migration.Script),
                transaction: tx, commandTimeout: warehouse.Target.Engine == Engine.Sqlite ? null : 0,
                cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, description, checksum, applied_at) VALUES (@Version, " +
                "@Description, @Checksum, @AppliedAt)",
                new { migration.Version, migration.Description, migration.Checksum, AppliedAt = Clock.UtcStamp() }, tx,
                    cancellationToken: ct));
            await tx.CommitAsync(ct);
            applied.Add(migration);
        }

        if (from < 0) // nothing at or below the target: still refuse a database from the future
        {
            from =
                await connection.ExecuteScalarAsync<int?>(
                new CommandDefinition("SELECT MAX(version) FROM schema_version", cancellationToken: ct)) ?? 0;
            CheckKnown(warehouse, new Dictionary<int, string> { [from] = "" });
        }
        var reached = applied.Count > 0 ? applied[^1].Version : from;
        if (reached >= StaleRuns.SinceVersion) await StaleRuns.MarkInterruptedAsync(connection, ct);
        return new MigrationReport(from, reached, applied);
    }

    /// <summary>Fails with a clear sentence unless the schema is at the latest version (used by readers).</summary>
    public static async Task RequireCurrentAsync(Database warehouse, CancellationToken ct)
    {
        // Opening a SQLite file creates it; a reader must not leave an empty database behind.
        if (warehouse.SqliteFileMissing)
            throw new ImpactException($"{warehouse.Target} does not exist yet: run 'impact init' to create it.");
        var version = await CurrentVersionAsync(warehouse, ct);
        if (version > LatestVersion) CheckKnown(warehouse, new Dictionary<int, string> { [version] = "" });
        if (version < LatestVersion)
            throw new ImpactException($"{warehouse.Target} is at schema version {version} but this Impact needs " +
                $"{LatestVersion}: run 'impact init' to create or upgrade it.");
        // A warehouse made by a build that had a later migration but not an earlier one has the newest version
        // and a gap; the gap's tables or columns are missing, so it is refused the same way.
        var missing = All.Select(m => m.Version).Except(await AppliedVersionsAsync(warehouse, ct)).ToList();
        if (missing.Count > 0)
            throw new ImpactException($"{warehouse.Target} lacks schema version(s) {string.Join(", ", missing)} " +
                "that this Impact needs: run 'impact init' to upgrade it.");
        // Whoever opens the warehouse for work ends the runs of processes that died mid-run.
        await using var connection = await warehouse.OpenAsync(ct);
        await StaleRuns.MarkInterruptedAsync(connection, ct);
    }

    // Under the migration lock: two processes creating the table at once collide even with IF NOT EXISTS.
    static async Task CreateVersionTableAsync(DbConnection connection, Dialect dialect, CancellationToken ct)
    {
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (dialect.MigrationLock is { } lockSql)
            await connection.ExecuteAsync(new CommandDefinition(lockSql, transaction: tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(dialect.CreateVersionTable, transaction: tx,
            cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    static void CheckKnown(Database warehouse, IReadOnlyDictionary<int, string> done)
    {
        var newest = done.Count == 0 ? 0 : done.Keys.Max();
        if (newest > LatestVersion)
            throw new ImpactException($"{warehouse.Target} has schema version {newest}, newer than this Impact " +
                $"understands ({LatestVersion}): upgrade Impact before using this database.");
    }
}
