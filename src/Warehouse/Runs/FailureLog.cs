using System.Globalization;

namespace Impact.Warehouse.Runs;

/// <summary>
/// Where the details of an unexpected failure go: one file per failure, with the stack trace, so the
/// terminal (and the run record) keep one sentence. <c>IMPACT_LOG_DIR</c> chooses the folder; by
/// default it is <c>$XDG_STATE_HOME/impact/logs</c> (<c>~/.local/state/impact/logs</c>), else the temp folder.
/// </summary>
public static class FailureLog
{
    public const string FolderVariable = "IMPACT_LOG_DIR";

    /// <summary>Writes the exception and what was being done; the path, or null if no folder is writable.</summary>
    public static string? Write(Exception e, string doing)
    {
        var stamp = DateTime.UtcNow;
        var text = $"{stamp:O} impact {Environment.ProcessId}: {doing}{Environment.NewLine}{Failure.Explain(e)}" +
                   $"{Environment.NewLine}{e}{Environment.NewLine}";
        foreach (var folder in Folders())
        {
            try
            {
                Directory.CreateDirectory(folder);
                var name = string.Create(CultureInfo.InvariantCulture,
                    $"impact-{stamp:yyyyMMdd-HHmmss}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}.log");
                var path = Path.Combine(folder, name);
                File.WriteAllText(path, text);
                return path;
            }
            catch (Exception io) when (io is IOException or UnauthorizedAccessException or NotSupportedException
                                           or ArgumentException)
            {
                // try the next folder: losing the details must never hide the failure itself
            }
        }
        return null;
    }

    /// <summary>"(details: path)" for a message, or nothing when no log could be written.</summary>
    public static string Pointer(string? path) => path is null ? "" : $" (details: {path})";

    static IEnumerable<string> Folders()
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } configured) yield return configured;
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        yield return Path.Combine(state, "impact", "logs");
        yield return Path.Combine(Path.GetTempPath(), "impact-logs");
    }
}
