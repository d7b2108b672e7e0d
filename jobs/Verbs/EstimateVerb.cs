using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Models.Runs;
using Impact.Warehouse;

namespace Impact.Jobs.Verbs;

/// <summary><c>impact estimate</c>: which interventions moved which performance metrics, stored as an estimate run.</summary>
public static class EstimateVerb
{
    public static Command Create()
    {
        var metric = new Option<string?>("--metric") { Description = "Only this performance metric (id). Default: all." };
        var intervention = new Option<string?>("--intervention") { Description = "Only this intervention (id). Default: all." };
        var pre = new Option<int>("--pre") { Description = "Baseline periods before completion (the metric's own periods).", DefaultValueFactory = _ => 6 };
        var post = new Option<int>("--post") { Description = "Periods from completion on.", DefaultValueFactory = _ => 3 };
        var anticipation = new Option<int?>("--anticipation") { Description = "Periods before completion to leave out of the baseline. Default: detect an Ashenfelter dip." };
        var folds = new Option<int>("--folds") { Description = "Cross-fitting folds.", DefaultValueFactory = _ => 5 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Multiplier-bootstrap draws for the standard error (0: influence function).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed for folds, learners and placebos.", DefaultValueFactory = _ => new EstimateOptions().Seed };
        var json = new Option<bool>("--json") { Description = "Print one JSON array, one object per pair." };
        var command = new Command("estimate", "Estimate which interventions moved which performance metrics (doubly robust DiD with placebo and sensitivity checks).")
        {
            metric, intervention, pre, post, anticipation, folds, bootstrap, seed, json,
        };
        command.SetVerbAction(async (parse, ct) =>
        {
            var options = new EstimateOptions
            {
                Pre = Positive(parse.GetValue(pre), "--pre"), Post = Positive(parse.GetValue(post), "--post"),
                Anticipation = parse.GetValue(anticipation) is { } a ? NonNegative(a, "--anticipation") : null,
                Folds = Math.Max(2, Positive(parse.GetValue(folds), "--folds")), Bootstrap = NonNegative(parse.GetValue(bootstrap), "--bootstrap"),
                Seed = parse.GetValue(seed),
            };
            var warehouse = parse.Warehouse();
            await Migrator.RequireCurrentAsync(warehouse, ct);
            var metricId = parse.GetValue(metric);
            var interventionId = parse.GetValue(intervention);
            await CheckFiltersAsync(warehouse, metricId, interventionId, ct);

            var (runId, results) = await EstimateJob.RunAsync(warehouse, options, metricId, interventionId,
                parse.GetValue(json) ? null : message => Console.Error.WriteLine(message), ct);
            Console.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(results, EstimateRunTables.Json)
                : Table(results, runId));
            return 0;
        });
        return command;
    }

    static int Positive(int value, string name) => value > 0 ? value : throw new ImpactException($"{name} must be at least 1 (got {value}).");

    static int NonNegative(int value, string name) => value >= 0 ? value : throw new ImpactException($"{name} cannot be negative (got {value}).");

    /// <summary>
    /// Refuses an engagement measure as the outcome with the reason, and unknown ids with the known ones.
    /// The survey tables are read here, in the CLI, only to recognise such a request: the models never read them.
    /// </summary>
    static async Task CheckFiltersAsync(Database warehouse, string? metricId, string? interventionId, CancellationToken ct)
    {
        var metrics = await WarehouseReader.MetricsAsync(warehouse, ct);
        if (metrics.Count == 0)
            throw new ImpactException($"{warehouse.Target.Display} has no performance metrics yet: ingest metrics and KPIs first.");
        await using var db = await warehouse.OpenAsync(ct);
        if (metricId is not null && metrics.All(m => m.Id != metricId))
        {
            var surveyItem = string.Equals(metricId, "enps", StringComparison.OrdinalIgnoreCase) || metricId.Contains("engagement", StringComparison.OrdinalIgnoreCase)
                || await db.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM survey_answers WHERE item = @item", new { item = metricId }, cancellationToken: ct)) > 0;
            if (surveyItem)
                throw new ImpactException($"'{metricId}' is an engagement survey measure, not a performance metric: engagement surveys tell you about engagement, " +
                                          "retention and wellbeing, not about performance (Jennings), so Impact never uses them as an outcome.");
            throw new ImpactException($"There is no performance metric '{metricId}'; known metrics: {string.Join(", ", metrics.Select(m => m.Id))}.");
        }
        if (interventionId is not null &&
            await db.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM interventions WHERE intervention_id = @id", new { id = interventionId }, cancellationToken: ct)) == 0)
            throw new ImpactException($"There is no intervention '{interventionId}' in {warehouse.Target.Display}.");
    }

    static string Table(IReadOnlyList<PairResult> results, long runId)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"{"intervention",-26} {"metric",-14} {"verdict",-21} {"estimate",10} {"95% CI",-22} {"naive",9} {"DiD",9} {"treated",7} {"controls",8}");
        foreach (var r in results)
        {
            var ci = r.CiLow is { } lo && r.CiHigh is { } hi ? string.Create(inv, $"{lo:0.###} to {hi:0.###}") : "";
            text.AppendLine(inv, $"{r.InterventionId,-26} {r.MetricId,-14} {r.Verdict,-21} {Num(r.Estimate),10} {ci,-22} {Num(r.NaiveDifference),9} {Num(r.DidEstimate),9} {r.NTreated,7} {r.NControl,8}");
        }
        text.AppendLine();
        foreach (var r in results)
        {
            text.AppendLine(inv, $"{r.InterventionId} × {r.MetricId}: {r.Reason}");
            foreach (var w in r.Warnings) text.AppendLine(inv, $"  ! {w}");
        }
        text.Append(inv, $"Stored as estimate run {runId}.");
        return text.ToString();
    }

    static string Num(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "—";
}
