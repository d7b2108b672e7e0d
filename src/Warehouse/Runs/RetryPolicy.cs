using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Impact.Warehouse.Runs;

/// <summary>
/// How long work waits on transient faults before it fails. A SQLite statement waits up to
/// <see cref="BusyTimeout"/> on another process's lock; a batch that still meets a transient fault (that
/// lock, a PostgreSQL deadlock, a dropped connection, an LRS timeout) is tried again whole, up to
/// <see cref="Retries"/> more times, after pauses that double from <see cref="FirstPause"/>.
/// With the defaults a lock held for 90 s is waited out (60 s, a pause, then the lock is gone).
/// </summary>
public sealed record RetryPolicy(int Retries, TimeSpan FirstPause, TimeSpan BusyTimeout)
{
    public const string RetriesVariable = "IMPACT_RETRIES";
    public const string BusyTimeoutVariable = "IMPACT_BUSY_TIMEOUT";

    public static readonly RetryPolicy Default = new(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

    /// <summary>
    /// <c>IMPACT_RETRIES</c> (whole retries of a batch or an LRS page, default 3) and
    /// <c>IMPACT_BUSY_TIMEOUT</c> (seconds a SQLite statement waits on a lock, default 60), as the host's
    /// configuration has them (the environment for the CLI).
    /// </summary>
    public static RetryPolicy Bind(IConfiguration configuration) => Default with
    {
        Retries = Number(configuration, RetriesVariable, Default.Retries, 0, 100),
        // 0 would mean "wait forever" to ADO.NET's command timeout, so the least is one second.
        BusyTimeout = TimeSpan.FromSeconds(
            Number(configuration, BusyTimeoutVariable, (int)Default.BusyTimeout.TotalSeconds, 1, 86_400)),
    };

    /// <summary>The pause before retry <paramref name="attempt"/> (from 1): 1, 2, 4 s..., at most a minute.</summary>
    public TimeSpan PauseBefore(int attempt) =>
        TimeSpan.FromTicks(Math.Min(FirstPause.Ticks * (1L << Math.Min(attempt - 1, 20)),
            TimeSpan.FromMinutes(1).Ticks));

    /// <summary>A whole-number setting within bounds, or one sentence naming it.</summary>
    public static int Number(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        var ok = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value);
        return ok && value >= min && value <= max
            ? value
            : throw new ImpactException($"{key} must be a whole number from {min} to {max} (got '{text.Trim()}').");
    }
}
