using System.CommandLine;
using Impact.Jobs.Verbs;
using Impact.Warehouse;

namespace Impact.Jobs;

/// <summary>The verbs and the options every verb shares.</summary>
public static class Cli
{
    /// <summary><c>--db</c>, on every verb: which warehouse to use.</summary>
    public static readonly Option<string> Db = new("--db")
    {
        Description = "Warehouse: sqlite:<file>, postgres:<Npgsql connection string> or sqlserver:<SqlClient connection string>. " +
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
        foreach (var later in NotAvailableVerbs.Create()) root.Subcommands.Add(later);
        return root;
    }

    /// <summary>Opens the warehouse named by <c>--db</c>.</summary>
    public static Database Warehouse(this ParseResult parse) => Database.FromSetting(parse.GetValue(Db));

    /// <summary>
    /// Runs a verb's body so that failures users can act on print one sentence and exit 1, and
    /// Ctrl+C (which System.CommandLine turns into cancellation of <paramref name="ct"/>) exits 130.
    /// </summary>
    public static void SetVerbAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                return await body(parse, ct);
            }
            catch (ImpactException e)
            {
                await Console.Error.WriteLineAsync($"impact: {e.Message}");
                return 1;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("impact: cancelled; nothing half-written was kept.");
                return 130;
            }
        });
}
