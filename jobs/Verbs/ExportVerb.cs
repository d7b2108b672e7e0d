using System.CommandLine;
using Impact.Dashboard.Exports;
using Impact.Warehouse;

namespace Impact.Jobs.Verbs;

/// <summary>
/// <c>impact export</c>: the executive pack (charts as PNG/SVG/CSV, <c>brief.html</c>, <c>impact.pptx</c>)
/// from a stored estimate run, to a folder and/or by e-mail to each metric owner's recipients; and
/// <c>impact export recipients</c> to say who receives whose pack.
/// </summary>
public static class ExportVerb
{
    static readonly Option<string?> Out = new("--out") { Description = "Folder to write the pack to." };

    static readonly Option<string?> Owner = new("--owner")
    {
        Description = "Only the metrics this stakeholder owns (as metrics.owner names them). Default: all.",
    };

    static readonly Option<long?> Run = new("--run")
    {
        Description = "Estimate run to export. Default: the newest that succeeded.",
    };

    static readonly Option<string?> Format = new("--format")
    {
        Description = $"Files to make, comma-separated: {string.Join(",", ExportFormats.All)}. Default: all.",
    };

    static readonly Option<bool> Email = new("--email")
    {
        Description = "Also e-mail each owner's brief and deck to the recipients stored for that owner " +
                      $"(SMTP settings from {SmtpSettings.Prefix}*).",
    };

    public static Command Create()
    {
        var command = new Command("export", "Export the executive pack: charts whose titles state the finding " +
            "(PNG, SVG, CSV), a one-page brief.html and an impact.pptx deck.") { Out, Owner, Run, Format, Email };
        command.SetVerbAction(async (parse, ct) =>
        {
            var warehouse = parse.Warehouse();
            await Migrator.RequireCurrentAsync(warehouse, ct);
            var result = await new ExportPack(warehouse, Settings.Environment).RunAsync(new ExportOptions
            {
                OutFolder = parse.GetValue(Out), Owner = parse.GetValue(Owner), RunId = parse.GetValue(Run),
                Formats = ExportFormats.Parse(parse.GetValue(Format)), Email = parse.GetValue(Email),
                RequestedBy = $"cli:{Environment.UserName}",
            }, ct);
            if (parse.GetValue(Out) is { } folder)
                Console.WriteLine($"Wrote {result.Files.Count} files to {Path.GetFullPath(folder)} from estimate run " +
                                  $"{result.Run.RunId} (data version {result.Run.DataVersion}).");
            foreach (var to in result.MailedTo) Console.WriteLine($"Mailed {to}.");
            Console.WriteLine($"Recorded as export {result.ExportId}.");
            return 0;
        });
        command.Subcommands.Add(Recipients());
        return command;
    }

    static Command Recipients()
    {
        var owner = new Argument<string>("owner") { Description = "The metric owner, as metrics.owner names them." };
        var email = new Argument<string>("email") { Description = "Who receives that owner's pack." };
        var add = new Command("add", "Send this owner's pack to this address with 'impact export --email'.")
        {
            owner, email,
        };
        add.SetVerbAction(async (parse, ct) =>
        {
            var warehouse = parse.Warehouse();
            await Migrator.RequireCurrentAsync(warehouse, ct);
            var address = parse.GetValue(email)!;
            if (!MimeKit.MailboxAddress.TryParse(address, out _) || !address.Contains('@'))
                throw new ImpactException($"'{address}' is not an e-mail address.");
            await ExportRuns.AddRecipientAsync(warehouse, parse.GetValue(owner)!, address, ct);
            Console.WriteLine($"{address} receives the pack of {parse.GetValue(owner)}.");
            return 0;
        });
        var command = new Command("recipients", "Who receives each metric owner's pack by e-mail.");
        command.Subcommands.Add(add);
        return command;
    }
}
