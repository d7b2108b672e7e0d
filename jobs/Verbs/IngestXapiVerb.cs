using System.CommandLine;
using Impact.Ingest.Pipeline;
using Impact.Ingest.Xapi;
using Impact.Warehouse;

namespace Impact.Jobs.Verbs;

/// <summary>
/// <c>impact ingest xapi &lt;file&gt;</c> or <c>impact ingest xapi --lrs &lt;base-url&gt;</c>: the xAPI
/// source takes a file like the others, or a live LRS instead.
/// </summary>
public static class IngestXapiVerb
{
    public static Command Create(IngestSources.Entry source)
    {
        var path = new Argument<string?>("path")
        {
            Description =
                $"A statements file: a JSON array or a StatementResult (canonical name: {source.CanonicalFile}).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var lrs = new Option<string?>("--lrs")
        {
            Description =
                "Read new statements from this LRS (its xAPI base URL) instead of a file; credentials from " +
                $"{LrsOptions.KeyVariable} and {LrsOptions.SecretVariable}.",
        };
        var since = new Option<string?>("--since")
        {
            Description =
                "With --lrs: ask for statements stored after this time instead of after the saved watermark (re-read " +
                "after fixing the identity map).",
        };
        var command = new Command(source.Name, source.Description) { path, lrs, since };
        command.SetVerbAction(async (parse, ct) =>
        {
            var (file, url) = (parse.GetValue(path), parse.GetValue(lrs));
            if ((file is null) == (url is null))
                throw new ImpactException("Give either a statements file or --lrs <base-url>, not both or neither.");
            if (url is null
                && parse.GetValue(since) is not null) throw new ImpactException("--since applies to --lrs only.");
            var options = IngestVerb.Options(parse);
            var summary = url is not null
                ? await XapiIngest.RunLrsAsync(parse.Warehouse(), url, options, ct,
                    since: parse.GetValue(since) is { } text ? XapiIngest.ParseSince(text) : null)
                : await source.Run(parse.Warehouse(), file!, options, ct);
            return IngestVerb.Report(summary);
        });
        return command;
    }
}
