using System.Globalization;

namespace Impact.Warehouse.Runs;

/// <summary>
/// Where the details of an unexpected failure go: one file per failure, with the stack trace, so the
/// terminal (and the run record) keep one sentence. The host sets <see cref="Folder"/> from its
/// configuration (<c>IMPACT_LOG_DIR</c>; <see cref="DefaultFolder"/> otherwise); the temp folder is the last resort.
/// </summary>
public static class FailureLog
{
    public const string FolderVariable = "IMPACT_LOG_DIR";

    /// <summary>Set once by the host (WarehouseServices.ConfigureRuns); null: <see cref="DefaultFolder"/>.</summary>
    public static string? Folder { get; set; }

    /// <summary>
    /// <c>$XDG_STATE_HOME/impact/logs</c> when the host's configuration names it, else
    /// <c>~/.local/state/impact/logs</c>.
    /// </summary>
    public static string DefaultFolder(string? xdgStateHome) =>
        Path.Combine(xdgStateHome is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"),
            "impact", "logs");

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
        yield return Folder ?? DefaultFolder(null);
        yield return Path.Combine(Path.GetTempPath(), "impact-logs");
    }
}
