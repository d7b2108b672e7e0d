using System.Diagnostics;

namespace Impact.Tests.Infrastructure;

public sealed record ProcessResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real `impact` tool as a separate process, as a user would.</summary>
public static class ImpactProcess
{
    // The tool as built in its own folder (jobs/bin/<configuration>/net10.0): the copy in the test
    // output would resolve its dependencies against the test project's, not its own.
    static readonly string Dll = Path.Combine(RepoPaths.Root, "jobs", "bin", RepoPaths.Configuration, "net10.0", "impact.dll");

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
        start.Environment.Remove("IMPACT_DB");
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
}
