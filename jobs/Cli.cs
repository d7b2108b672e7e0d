using System.CommandLine;
using Impact.Jobs.Verbs;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Jobs;

/// <summary>The verbs and the options every verb shares.</summary>
public static class Cli
{
    /// <summary><c>--db</c>, on every verb: which warehouse to use.</summary>
    public static readonly Option<string> Db = new("--db")
    {
        Description =
            "Warehouse: sqlite:<file>, postgres:<Npgsql connection string> or sqlserver:<SqlClient connection " +
            "string>. " +
                      $"Default: ${DatabaseTarget.EnvironmentVariable} if set, else {DatabaseTarget.Default}.",
        DefaultValueFactory = _ => WarehouseServices.DatabaseSetting(Settings.Environment),
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("Impact: which learning interventions actually moved business performance.");
        root.Options.Add(Db);
        root.Subcommands.Add(InitVerb.Create());
        root.Subcommands.Add(IngestVerb.Create());
        root.Subcommands.Add(EstimateVerb.Create());
        root.Subcommands.Add(SampleVerb.Create());
        root.Subcommands.Add(UsersVerb.Create());
        root.Subcommands.Add(JobsVerb.Create());
        root.Subcommands.Add(WorkerVerb.Create());
        root.Subcommands.Add(ExportVerb.Create());
        return root;
    }

    /// <summary>The warehouse named by <c>--db</c>, waiting <c>IMPACT_BUSY_TIMEOUT</c> on a SQLite lock.</summary>
    public static Database Warehouse(this ParseResult parse) =>
        WarehouseServices.Open(parse.GetValue(Db), Settings.Environment);

    /// <summary>
    /// Runs a verb's body on the one failure path every run shares: a failure users can act on
    /// (<see cref="ImpactException"/>) prints its sentence and exits 1; anything unexpected prints one
    /// sentence too, with the stack trace in a log file (<see cref="FailureLog"/>), never on the terminal;
    /// SIGINT and SIGTERM cancel the token the body passes down, and the exit code says which arrived
    /// (130, 143). A body that reports a cancelled run gets the signal's exit code the same way.
    /// </summary>
    public static void SetVerbAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, ct) =>
        {
            using var signals = StopSignals.Listen();
            using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, signals.Token);
            try
            {
                var code = await body(parse, both.Token);
                var cancelled = code is ExitCodes.Interrupted or ExitCodes.Terminated;
                return signals.ExitCode is { } stopped && cancelled ? stopped : code;
            }
            catch (ImpactException e)
            {
                await Console.Error.WriteLineAsync($"impact: {e.Message}");
                return ExitCodes.NothingStored;
            }
            catch (OperationCanceledException) when (both.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync(
                    $"impact: stopped by {signals.Name}; nothing half-written was kept.");
                return signals.ExitCode ?? ExitCodes.Interrupted;
            }
            catch (Exception e)
            {
                var log = FailureLog.Write(e, $"impact {string.Join(' ', parse.Tokens.Select(t => t.Value))}");
                await Console.Error.WriteLineAsync($"impact: {Failure.Explain(e)}{FailureLog.Pointer(log)}");
                return ExitCodes.NothingStored;
            }
        });
}
