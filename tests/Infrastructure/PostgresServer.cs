using System.Diagnostics;
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

    static readonly Lock Gate = new();
    static Task<PostgresServer?>? shared;
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

    /// <summary>The port the server listens on.</summary>
    public int Port => new NpgsqlConnectionStringBuilder(adminConnectionString).Port;

    /// <summary>The shared server; ignores the test with the reason (or fails it in CI) when there is none.</summary>
    public static async Task<PostgresServer> GetAsync()
    {
        Task<PostgresServer?> starting;
        lock (Gate)
        {
            // A start that threw fails this test only: the next one tries again rather than the whole run
            // failing on one unlucky moment. (No installed server is not a failure but a reason to skip.)
            if (shared is null || shared.IsFaulted) shared = Task.Run(StartShared);
            starting = shared;
        }
        var server = await starting;
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

    static PostgresServer? StartShared() =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } given
            ? new PostgresServer(given, null, null)
            : StartLocal(LoopbackPort.Free);

    /// <summary>
    /// A throw-away cluster of its own on the first port from <paramref name="pickPort"/> it can bind (the tests
    /// of this class use it; others share <see cref="GetAsync"/>). Null without server binaries. The caller stops it.
    /// </summary>
    public static Task<PostgresServer?> StartLocalAsync(Func<int> pickPort) => Task.Run(() => StartLocal(pickPort));

    static PostgresServer? StartLocal(Func<int> pickPort)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending()
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        if (bin is null)
        {
            skipReason = "no PostgreSQL server binaries (install Debian's postgresql package) "
                         + $"and {ServerVariable} is not set";
            return null;
        }

        var folder = Path.Combine(Path.GetTempPath(), $"impact-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..32]);
        Directory.CreateDirectory(folder);
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", ["postgres:postgres", folder], asRoot: false); // initdb refuses to run as root
        try
        {
            var data = Path.Combine(folder, "data");
            Run(Path.Combine(bin, "initdb"),
                ["-D", data, "-A", "trust", "-U", "impact", "-N", "-E", "UTF8", "--locale=C"], asRoot);
            var pgCtl = Path.Combine(bin, "pg_ctl");
            var port = LoopbackPort.Bind(port => StartOn(pgCtl, folder, port, asRoot), pickPort);
            var server = new PostgresServer(
                $"Host=127.0.0.1;Port={port};Username=impact;Database=postgres;Pooling=false", folder, pgCtl);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
            return server;
        }
        catch
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    static int StartOn(string pgCtl, string folder, int port, bool asRoot)
    {
        var log = Path.Combine(folder, "log");
        var settings = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
                       + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        try
        {
            Run(pgCtl, ["-D", Path.Combine(folder, "data"), "-w", "-l", log, "-o", settings, "start"], asRoot);
            return port;
        }
        catch (InvalidOperationException e)
        {
            // pg_ctl only says "could not start server"; why (a port in use) is in the server's log.
            var why = File.Exists(log)
                ? File.ReadLines(log).LastOrDefault(l => l.Contains("FATAL", StringComparison.Ordinal))
                : null;
            throw new InvalidOperationException(why ?? e.Message, e);
        }
    }

    /// <summary>Stops a cluster of its own but keeps its files, as an outage would (never the shared one).</summary>
    public void Pause() => Run(pgCtl!, ["-D", Path.Combine(dataFolder!, "data"), "-m", "fast", "-w", "stop"],
        Environment.UserName == "root");

    /// <summary>Starts a paused cluster again on its port.</summary>
    public void Resume() => StartOn(pgCtl!, dataFolder!, Port, Environment.UserName == "root");

    public static void StopShared()
    {
        Task<PostgresServer?>? started;
        lock (Gate) started = shared;
        if (started is { IsCompletedSuccessfully: true }) started.Result?.Stop();
    }

    int stopped;

    /// <summary>Stops a server this class started and deletes its files (a given server is left alone).</summary>
    public void Stop()
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
