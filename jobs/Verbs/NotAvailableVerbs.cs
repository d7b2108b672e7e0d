using System.CommandLine;
using Impact.Warehouse;

namespace Impact.Jobs.Verbs;

/// <summary>
/// Verbs that later work fills in. Until then each says so and exits 1: never a fake success.
/// </summary>
public static class NotAvailableVerbs
{
    static readonly (string Name, string Description)[] Planned =
    [
        ("jobs", "Schedule recurring ingest and estimate jobs (Hangfire)."),
        ("worker", "Run a Hangfire worker that executes scheduled jobs."),
    ];

    public static IEnumerable<Command> Create() => Planned.Select(p =>
    {
        var command = new Command(p.Name, p.Description + " (not available yet)");
        command.SetVerbAction((_, _) =>
            throw new ImpactException($"'impact {p.Name}' is not available in this version yet."));
        return command;
    });
}
