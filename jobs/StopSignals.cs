using System.Runtime.InteropServices;
using Impact.Warehouse.Runs;

namespace Impact.Jobs;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM as a cancellation token, and which of the two arrived. The work then stops
/// at its next step: the batch in progress rolls back, committed batches stay, the run is recorded
/// <c>cancelled</c>, and the exit code says which signal stopped it (130 or 143). A second signal while
/// that happens ends the process at once, as a second Ctrl+C should.
/// </summary>
/// <remarks>
/// System.CommandLine's own handling (ProcessTerminationHandler) is switched off in Program.cs: it waits
/// two seconds for the action and then lets the process exit under it, with the run record still
/// <c>running</c> and nothing said.
/// </remarks>
public sealed class StopSignals : IDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly PosixSignalRegistration interrupt, terminate;
    int received;

    StopSignals()
    {
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public static StopSignals Listen() => new();

    public CancellationToken Token => stop.Token;

    /// <summary>The exit code of the signal that arrived first (130 for SIGINT, 143 for SIGTERM), or null.</summary>
    public int? ExitCode => received == 0 ? null : received;

    /// <summary>The signal's name for messages ("Ctrl+C (SIGINT)" or "SIGTERM").</summary>
    public string Name => received == ExitCodes.Terminated ? "SIGTERM" : "Ctrl+C (SIGINT)";

    void OnSignal(PosixSignalContext context)
    {
        var code = context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;
        // The first signal asks the work to stop cleanly; a second one lets the runtime end the process.
        if (Interlocked.CompareExchange(ref received, code, 0) != 0) return;
        context.Cancel = true;
        stop.Cancel();
    }

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        stop.Dispose();
    }
}
