using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Impact.Warehouse;
using Impact.Warehouse.Accounts.Audit;
using Impact.Warehouse.Accounts.Users;

namespace Impact.Bench;

/// <summary>
/// <c>pages [--db SETTING] [--clients 50] [--requests 1000] [--seconds 60] [--warmup 200]</c>: the dashboard as its
/// own process (<c>dotnet run -c Release --project src/Dashboard</c>) on a loopback port, a signed-in account made
/// for the bench, and <c>--clients</c> concurrent clients asking for the overview, a metric page (whole
/// organisation, then filtered by the first role) and an intervention page, each page first for
/// <c>--warmup</c> requests unmeasured and then in its own phase of at most <c>--requests</c> requests or
/// <c>--seconds</c>; beside them, in the same
/// run, the site's stylesheet, a static file from the same app: the floor. Prints p50/p95 per page and each p95
/// against the floor (targets: at most 5x the floor, under 300 ms at 100,000 employees). Without <c>--db</c> a
/// fresh SQLite warehouse gets the sample organisation (loaded and estimated by the dashboard's first start);
/// with it, an existing warehouse is used, e.g. one made by <c>impact sample --employees 100000</c>,
/// <c>impact ingest folder</c> and <c>impact estimate</c>.
/// </summary>
public static partial class PageLoadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var clients = BenchArgs.Number(args, "--clients", 50);
        var requests = BenchArgs.Number(args, "--requests", 1000);
        var limit = TimeSpan.FromSeconds(BenchArgs.Number(args, "--seconds", 60));
        var warmup = BenchArgs.Number(args, "--warmup", Math.Min(requests, 200));
        var folder = Path.Combine(Path.GetTempPath(), $"impact-pages-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        var given = BenchArgs.Text(args, "--db", "");
        var setting = given.Length > 0 ? given : "sqlite:" + Path.Combine(folder, "pages.db");
        var warehouse = Database.FromSetting(setting);
        await Migrator.MigrateAsync(warehouse, CancellationToken.None);
        const string Email = "bench@pages.example", Password = "a-bench-password-nobody-uses";
        await AddBenchUserAsync(warehouse, Email, Password);

        var port = FreePort();
        using var server = StartDashboard(setting, port, sample: given.Length == 0);
        try
        {
            var site = new Uri($"http://127.0.0.1:{port}");
            using var http = await SignInAsync(site, Email, Password, clients);
            var (metric, intervention, role) = await FirstIdsAsync(warehouse);
            var pages = new (string Name, string Path)[]
            {
                ("static file (floor)", "/css/site.css"), ("overview", "/"),
                ("metric page", $"/Metrics/{Uri.EscapeDataString(metric)}"),
                ("metric page by role", $"/Metrics/{Uri.EscapeDataString(metric)}?role={Uri.EscapeDataString(role)}"),
                ("intervention page", $"/Interventions/{Uri.EscapeDataString(intervention)}"),
            };
            Console.WriteLine($"pages: {setting.Split(':')[0]} warehouse, {clients} clients, up to {requests:N0} " +
                $"requests or {limit.TotalSeconds:N0} s per page, after {warmup:N0} unmeasured");
            // Every page once under the same load before any is measured: the first dynamic page would otherwise
            // pay for compiling the whole request pipeline (authentication, Razor, the data stamp) to its optimised
            // tier, and the pages after it would not. The runtime keeps recompiling hot methods for a while after
            // (tiered and profile-guided compilation): --warmup 2000 measures the pages as a long-running server
            // serves them.
            foreach (var (_, path) in pages) await LoadAsync(http, path, clients, warmup, limit);
            double? floor = null;
            foreach (var (name, path) in pages)
            {
                var cpu = ServerCpu(server.Id);
                var times = await LoadAsync(http, path, clients, requests, limit);
                var perRequest = (ServerCpu(server.Id) - cpu).TotalMilliseconds / times.Count;
                var (p50, p95) = (Percentile(times, 0.50), Percentile(times, 0.95));
                floor ??= p95;
                Console.WriteLine($"  {name,-20} {path,-36} n={times.Count,6:N0}  p50 {p50,7:N1} ms  " +
                    $"p95 {p95,7:N1} ms  p95 = {p95 / floor.Value,5:N1}x the floor  " +
                    $"server CPU {perRequest,4:N2} ms/request");
            }
            Console.WriteLine(
                "  targets: each page's p95 at most 5x the floor's, and under 300 ms at 100,000 employees");
            return 0;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    static async Task AddBenchUserAsync(Database warehouse, string email, string password)
    {
        await using (var db = await warehouse.OpenAsync(CancellationToken.None))
            if (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE email = @email",
                    new { email }) > 0) return;
        var admin = new UserAdmin(new UserStore(warehouse, TimeProvider.System),
            new AuditLog(warehouse, TimeProvider.System));
        await admin.AddAsync(Actor.System, email, "Page bench", ["ld_lead"], password, CancellationToken.None);
    }

    static Process StartDashboard(string setting, int port, bool sample)
    {
        var root = BenchProcess.RepositoryRoot();
        var start = new ProcessStartInfo("dotnet",
            ["run", "-c", "Release", "--project", Path.Combine(root, "src", "Dashboard"), "--",
                "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = root,
        };
        start.Environment["IMPACT_DB"] = setting;
        start.Environment["Impact__SampleData"] = sample ? Path.Combine(root, "data-samples") : "none";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return BenchProcess.Start(start);
    }

    static async Task<HttpClient> SignInAsync(Uri site, string email, string password, int clients)
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(), AllowAutoRedirect = false, MaxConnectionsPerServer = clients,
        };
        var http = new HttpClient(handler) { BaseAddress = site, Timeout = TimeSpan.FromMinutes(10) };
        // The first start may load and estimate the sample organisation before it answers.
        var ready = Stopwatch.StartNew();
        string form;
        while (true)
        {
            try
            {
                form = await http.GetStringAsync("/signin");
                break;
            }
            catch (HttpRequestException) when (ready.Elapsed < TimeSpan.FromMinutes(15))
            {
                await Task.Delay(1000);
            }
        }
        var token = Token().Match(form).Groups[1].Value;
        var fields = new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = token,
        };
        using var response = await http.PostAsync("/signin", new FormUrlEncodedContent(fields));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"signing in answered {(int)response.StatusCode}");
        return http;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    static async Task<(string Metric, string Intervention, string Role)> FirstIdsAsync(Database warehouse)
    {
        await using var db = await warehouse.OpenAsync(CancellationToken.None);
        var metric = await db.ExecuteScalarAsync<string>("SELECT MIN(metric_id) FROM metrics");
        var intervention = await db.ExecuteScalarAsync<string>("SELECT MIN(intervention_id) FROM interventions");
        var role = await db.ExecuteScalarAsync<string>("SELECT MIN(role) FROM employees");
        return (metric ?? "none", intervention ?? "none", role ?? "none");
    }

    /// <summary>Every request's time in milliseconds; a page that does not answer 200 stops the bench.</summary>
    static async Task<List<double>> LoadAsync(HttpClient http, string path, int clients, int requests,
        TimeSpan limit)
    {
        using (var warm = await http.GetAsync(path))
            if (warm.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"{path} answered {(int)warm.StatusCode}");
        var times = new List<double>();
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= requests && clock.Elapsed < limit)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
                lock (times) times.Add(watch.Elapsed.TotalMilliseconds);
            }
        })));
        return times;
    }

    /// <summary>CPU time of the dashboard: <c>dotnet run</c> and the app it starts (its children, from /proc on
    /// Linux). Per request it tells what a page costs apart from the machine's load, which moves every p95.
    /// </summary>
    static TimeSpan ServerCpu(int pid)
    {
        var total = TimeSpan.Zero;
        try
        {
            using var process = Process.GetProcessById(pid);
            total += process.TotalProcessorTime;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                foreach (var child in File.ReadAllText(Path.Combine(task, "children"))
                             .Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    total += ServerCpu(int.Parse(child, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException
                                      or UnauthorizedAccessException)
        {
            // A process that just ended, or no /proc (not Linux): what was counted so far.
        }
        return total;
    }

    static double Percentile(List<double> values, double share)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
