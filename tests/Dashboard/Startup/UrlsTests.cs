using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Impact.Tests.Infrastructure;

namespace Impact.Tests.Dashboard.Startup;

/// <summary>
/// The real dashboard process listens where ASP.NET Core users expect to tell it: ASPNETCORE_URLS or --urls
/// (appsettings.json no longer pins an address that beats both).
/// </summary>
[Parallelizable]
public sealed class UrlsTests
{
    static readonly string Dll =
        Path.Combine(RepoPaths.Root, "src", "Dashboard", "bin", RepoPaths.Configuration, "net10.0",
            "Impact.Dashboard.dll");

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Test]
    public async Task A_port_already_taken_ends_the_dashboard_with_one_sentence_and_exit_1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TempFiles.NewFolder(),
        };
        start.ArgumentList.Add(Dll);
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["IMPACT_DB"] = "sqlite:" + TempFiles.NewPath(".db");
        start.Environment["IMPACT_LOG_DIR"] = TempFiles.NewFolder();
        start.Environment["Impact__SampleData"] = "none";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);

        Assert.That(process.ExitCode, Is.EqualTo(1), await output);
        var said = (await error).Trim();
        Assert.That(said, Does.StartWith("impact dashboard: ").And.Contain("address already in use"));
        Assert.That(said.Split('\n'), Has.Length.EqualTo(1), said);
        Assert.That(said, Does.Not.Contain("   at "));
    }

    [TestCase("ASPNETCORE_URLS")]
    [TestCase("--urls")]
    public async Task The_dashboard_listens_where_it_is_told(string how)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TempFiles.NewFolder(),
        };
        start.ArgumentList.Add(Dll);
        if (how == "--urls") { start.ArgumentList.Add("--urls"); start.ArgumentList.Add(url); }
        else start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["IMPACT_DB"] = "sqlite:" + TempFiles.NewPath(".db");
        start.Environment["Impact__SampleData"] = "none";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddMinutes(2);
            HttpStatusCode? status = null;
            while (status is null && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try { status = (await http.GetAsync(url + "/Data")).StatusCode; }
                catch (HttpRequestException) { await Task.Delay(250); }
                catch (TaskCanceledException) { }
            }
            var why = process.HasExited ? await error : "still starting";
            Assert.That(status, Is.Not.Null, $"nothing answered at {url}: {why}");
            Assert.That((int)status!, Is.LessThan(500));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await Task.WhenAll(output, error);
        }
    }
}
