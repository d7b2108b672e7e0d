using System.CommandLine;
using Impact.Warehouse;

namespace Impact.Jobs.Verbs;

/// <summary><c>impact init</c>: create the warehouse schema, or upgrade it to this version's.</summary>
public static class InitVerb
{
    public static Command Create()
    {
        var command = new Command("init",
            "Create the warehouse schema, or upgrade it to the latest version. Safe to run again.");
        command.SetVerbAction(async (parse, ct) =>
        {
            var warehouse = parse.Warehouse();
            var report = await Migrator.MigrateAsync(warehouse, ct);
            Console.WriteLine(report.Applied.Count == 0
                ? $"{warehouse.Target} is up to date at schema version {report.ToVersion}."
                : $"{warehouse.Target}: schema version {report.FromVersion} → {report.ToVersion} " +
                    $"({string.Join(", ", report.Applied.Select(m => $"{m.Version} {m.Description}"))}).");
            return 0;
        });
        return command;
    }
}
