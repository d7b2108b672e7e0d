namespace Impact.Warehouse.Runs;

/// <summary>
/// What every run's exit code means, for the CLI and for the jobs that run the same work: a script or a
/// scheduler can tell "nothing changed" from "part of it is in" without reading the message.
/// </summary>
public static class ExitCodes
{
    /// <summary>Everything stored (or already there).</summary>
    public const int Succeeded = 0;

    /// <summary>
    /// Nothing stored: a bad setting, an unreadable input, every row rejected, or a failure before the first commit.
    /// </summary>
    public const int NothingStored = 1;

    /// <summary>Stored, with some rows rejected (they are listed in ingest_rejections).</summary>
    public const int SomeRowsRejected = 2;

    /// <summary>Stopped by a failure after some batches were committed: they are kept; a re-run is safe.</summary>
    public const int StoppedPartWay = 3;

    /// <summary>Stopped by Ctrl+C (SIGINT, 128 + 2): committed batches kept, the current one rolled back.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (128 + 15), e.g. a service manager or container shutting down.</summary>
    public const int Terminated = 143;
}
