using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Impact.Bench;

/// <summary>
/// A throw-away PostgreSQL cluster on loopback for one bench run, started like the tests' (Debian's
/// initdb/pg_ctl; as root through the postgres user; the same settings), so a bench depends on no server
/// being up. Each repeat gets a new database, the one before dropped. Stopped and deleted on dispose.
/// </summary>
public sealed class BenchPostgres : IDisposable
{
    readonly string folder, pgCtl, bin;
    public int Port { get; }

    BenchPostgres(string folder, string bin, int port) =>
        (this.folder, this.bin, pgCtl, Port) = (folder, bin, Path.Combine(bin, "pg_ctl"), port);

    /// <summary>The psql client of the same installation.</summary>
    public string Psql => File.Exists(Path.Combine(bin, "psql")) ? Path.Combine(bin, "psql") : "psql";

    public static BenchPostgres Start()
    {
        var bin = (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [])
            .Select(d => Path.Combine(d, "bin")).OrderDescending()
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("No PostgreSQL server binaries: apt-get install postgresql.");
        var folder = Path.Combine(Path.GetTempPath(), $"impact-bench-pg-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        if (Environment.UserName == "root") Run("chown", ["postgres:postgres", folder], asRoot: false);
        Run(Path.Combine(bin, "initdb"), ["-D", Path.Combine(folder, "data"), "-A", "trust", "-U", "impact", "-N",
            "-E", "UTF8", "--locale=C"], Environment.UserName == "root");
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var server = new BenchPostgres(folder, bin, port);
        Run(server.pgCtl, ["-D", Path.Combine(folder, "data"), "-w", "-l", Path.Combine(folder, "log"), "-o",
            $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
            "-c full_page_writes=off", "start"], Environment.UserName == "root");
        return server;
    }

    int databases;

    /// <summary>
    /// A new, empty database: its name. The one made before it is dropped: three repeats of a 7,000,000-row
    /// load kept side by side filled the shared disk.
    /// </summary>
    public string CreateDatabase()
    {
        var name = $"bench{++databases}";
        using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        admin.Open();
        // Names are ours, never input.
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS bench{databases - 1} WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        command.ExecuteNonQuery();
        return name;
    }

    /// <summary>psql's arguments to reach a database of this server.</summary>
    public string[] PsqlTo(string database) => ["-h", "127.0.0.1", "-p", $"{Port}", "-U", "impact", "-d", database];

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=impact;Database={database};Pooling=false";

    public void Dispose()
    {
        try
        {
            Run(pgCtl, ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"],
                Environment.UserName == "root");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs a program to its end; its output if it succeeded, else an exception with its error.</summary>
    public static string Run(string file, IEnumerable<string> args, bool asRoot = false)
    {
        var start = new ProcessStartInfo(asRoot ? "runuser" : file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (asRoot) foreach (var a in (string[])["-u", "postgres", "--", file]) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {error}");
        return output.Result;
    }
}
