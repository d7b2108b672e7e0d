using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Impact.Tests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL cluster on loopback for the whole test run, started with the installed
/// initdb/pg_ctl (Debian's postgresql package), or the server named by IMPACT_TEST_POSTGRES.
/// Each test gets its own database in it. Stopped and deleted when the run ends.
/// </summary>
public sealed class PostgresServer
{
    public const string ServerVariable = "IMPACT_TEST_POSTGRES";
    public const string RequireVariable = "IMPACT_REQUIRE_POSTGRES";

    static readonly Lazy<Task<PostgresServer?>> Shared = new(StartAsync);
    static string? skipReason;
    static int databases;

    readonly string adminConnectionString;
    readonly string? dataFolder;
    readonly string? pgCtl;

    PostgresServer(string adminConnectionString, string? dataFolder, string? pgCtl)
    {
        this.adminConnectionString = adminConnectionString;
        this.dataFolder = dataFolder;
        this.pgCtl = pgCtl;
    }

    /// <summary>The shared server; ignores the test with the reason (or fails it in CI) when there is none.</summary>
    public static async Task<PostgresServer> GetAsync()
    {
        var server = await Shared.Value;
        if (server is not null) return server;
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail($"PostgreSQL is required here ({RequireVariable}=1) but unavailable: {skipReason}");
        Assert.Ignore($"PostgreSQL test skipped: {skipReason}");
        throw new UnreachableException();
    }

    /// <summary>A new, empty database; returns its Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"impact_t{Interlocked.Increment(ref databases)}_{Environment.ProcessId}";
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync();
            // name is ours, not user input
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name,
            Pooling = false }.ConnectionString;
    }

    static async Task<PostgresServer?> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } given)
            return new PostgresServer(given, null, null);

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending()
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        if (bin is null)
        {
            skipReason =
                $"no PostgreSQL server binaries (install Debian's postgresql package) and {ServerVariable} is not set";
            return null;
        }

        var folder = Path.Combine(Path.GetTempPath(), $"impact-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..32]);
        Directory.CreateDirectory(folder);
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", ["postgres:postgres", folder], asRoot: false); // initdb refuses to run as root

        var port = FreePort();
        var data = Path.Combine(folder, "data");
        Run(Path.Combine(bin, "initdb"),
            ["-D", data, "-A", "trust", "-U", "impact", "-N", "-E", "UTF8", "--locale=C"], asRoot);
        var pgCtl = Path.Combine(bin, "pg_ctl");
        Run(pgCtl, ["-D", data, "-w", "-l", Path.Combine(folder, "log"), "-o",
            $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c " +
            "full_page_writes=off -c max_connections=200",
            "start"], asRoot);

        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=impact;Database=postgres;Pooling=false",
            folder, pgCtl);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        await Task.CompletedTask;
        return server;
    }

    public static void StopShared()
    {
        if (Shared.IsValueCreated && Shared.Value.IsCompletedSuccessfully) Shared.Value.Result?.Stop();
    }

    int stopped;

    void Stop()
    {
        if (pgCtl is null || dataFolder is null || Interlocked.Exchange(ref stopped, 1) == 1) return;
        try
        {
            Run(pgCtl, ["-D", Path.Combine(dataFolder, "data"), "-m", "immediate", "-w", "stop"],
                Environment.UserName == "root");
        }
        finally
        {
            try { Directory.Delete(dataFolder, recursive: true); } catch (IOException) { }
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static void Run(string file, string[] args, bool asRoot)
    {
        var start = new ProcessStartInfo(asRoot ? "runuser" : file) { RedirectStandardOutput = true,
            RedirectStandardError = true };
        if (asRoot) foreach (var a in (string[])["-u", "postgres", "--", file]) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): " +
                $"{error}{output.Result}");
    }
}
