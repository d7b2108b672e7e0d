using System.Diagnostics;
using System.Globalization;

namespace Impact.Warehouse.Runs;

/// <summary>
/// Which process a run belongs to, as stored in a run record's <c>run_owner</c>: host, process id and the
/// process's start time (so a recycled process id is not mistaken for the original process).
/// A run whose owner is gone can never finish, so it is marked <c>interrupted</c> (<see cref="StaleRuns"/>).
/// </summary>
public static class RunOwner
{
    /// <summary>This process: <c>host/pid/start ticks (UTC)</c>.</summary>
    public static string Current { get; } =
        Describe(Environment.MachineName, Environment.ProcessId, StartTicks(Environment.ProcessId));

    static string Describe(string host, int pid, long? startTicks) =>
        string.Create(CultureInfo.InvariantCulture, $"{host}/{pid}/{startTicks ?? 0}");

    /// <summary>
    /// True when the owner is known to be gone: on this host, no process with that id and start time runs.
    /// On another host it cannot be checked here (null): the heartbeat decides.
    /// </summary>
    public static bool? IsGone(string? owner)
    {
        if (owner is null) return null;
        var parts = owner.Split('/');
        if (parts.Length != 3 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var ticks)) return null;
        if (!string.Equals(parts[0], Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return null;
        var running = StartTicks(pid);
        // Start times read back through /proc can differ by a clock tick; a second apart is another process.
        return running is null || Math.Abs(running.Value - ticks) > TimeSpan.TicksPerSecond;
    }

    static long? StartTicks(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException
                                      or System.ComponentModel.Win32Exception or NotSupportedException
                                      or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
