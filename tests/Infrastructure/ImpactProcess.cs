using System.Diagnostics;

namespace Impact.Tests.Infrastructure;

public sealed record ProcessResult(int ExitCode, string Output, string Error);

/// <summary>
/// Runs the real `impact` tool as a separate process, as a user would, with no <c>IMPACT_*</c> variable
/// but those the test passes in <c>environment</c>.
/// </summary>
public static class ImpactProcess
{
    // The tool as built in its own folder (jobs/bin/<configuration>/net10.0): the copy in the test
    // output would resolve its dependencies against the test project's, not its own.
    public static readonly string Dll = Path.Combine(RepoPaths.Root, "jobs", "bin", RepoPaths.Configuration, "net10.0",
        "impact.dll");

    public static async Task<ProcessResult> RunAsync(IEnumerable<string> args, string? workingDirectory = null,
        IDictionary<string, string?>? environment = null, TimeSpan? timeout = null, string? input = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? TempFiles.NewFolder(),
        };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        // Only what the test passes: the tool must not pick up a warehouse, key or prefix from the shell.
        TestEnvironment.ClearAllImpactVariables(start.Environment);
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;

        using var process = Process.Start(start)!;
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"impact {string.Join(' ', args)} did not finish in time");
        }
        return new ProcessResult(process.ExitCode, await output, await error);
    }

    public static Task<ProcessResult> RunAsync(params string[] args) => RunAsync((IEnumerable<string>)args);

    /// <summary>Starts the tool and returns at once, so that a test can signal it mid-run.</summary>
    public static RunningImpact Start(IEnumerable<string> args, IDictionary<string, string?>? environment = null)
    {
        // A test run started in the background inherits SIGINT ignored, and .NET leaves an ignored SIGINT
        // ignored; env gives the tool the default handling an interactive shell would.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = TempFiles.NewFolder(),
        };
        foreach (var a in (string[])["--default-signal=INT", "dotnet", Dll]) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("IMPACT_DB");
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return new RunningImpact(process);
    }
}

/// <summary>A started `impact` process: send it a signal, then wait for what it printed and its exit code.</summary>
public sealed class RunningImpact(Process process) : IDisposable
{
    readonly Task<string> output = process.StandardOutput.ReadToEndAsync();
    readonly Task<string> error = process.StandardError.ReadToEndAsync();

    public bool HasExited => process.HasExited;

    /// <summary>Sends a POSIX signal by name (INT, TERM, KILL) with the system's kill command.</summary>
    public void Signal(string name)
    {
        var pid = process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var kill = Process.Start("kill", ["-" + name, pid])!;
        kill.WaitForExit();
    }

    public async Task<ProcessResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("impact did not finish in time");
        }
        return new ProcessResult(process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
