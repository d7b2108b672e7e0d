using System.Diagnostics;

namespace Impact.Bench;

/// <summary>Programs a bench case starts beside itself (the dashboard, `impact worker`), from the repository.
/// </summary>
static class BenchProcess
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Impact.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the bench from inside the repository (Impact.sln not found).");
    }

    /// <summary>Starts the program with both streams read, so a full pipe never stalls it: its output is
    /// dropped, its errors are passed to the bench's own.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
