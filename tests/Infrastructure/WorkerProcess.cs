using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Impact.Tests.Infrastructure;

/// <summary>
/// A real <c>impact worker</c> (or any long-running verb) whose output lines a test can wait for as they
/// come, and which it can stop with a signal, SIGKILL included.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> lines = new();

    WorkerProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue("stderr: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static WorkerProcess Start(IEnumerable<string> args, IDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = TempFiles.NewFolder(),
        };
        start.ArgumentList.Add(ImpactProcess.Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        TestEnvironment.ClearAllImpactVariables(start.Environment);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return new WorkerProcess(process);
    }

    public int Id => process.Id;
    public bool HasExited => process.HasExited;
    public string Output => string.Join('\n', lines);

    /// <summary>The first line matching <paramref name="pattern"/>, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<Match> WaitForAsync(string pattern, TimeSpan timeout)
    {
        var regex = new Regex(pattern);
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            foreach (var line in lines)
                if (regex.Match(line) is { Success: true } match) return match;
            if (process.HasExited) break;
            await Task.Delay(100);
        }
        Assert.Fail($"no line matching /{pattern}/ within {timeout.TotalSeconds:0} s; output:\n{Output}");
        throw new UnreachableException();
    }

    public bool Printed(string pattern) => lines.Any(l => Regex.IsMatch(l, pattern));

    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, process.Id.ToString(
            System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
