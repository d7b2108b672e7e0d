using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Impact.Models.Estimation;
using Impact.Models.Runs;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Jobs.Verbs;

/// <summary>
/// <c>impact estimate</c>: which interventions moved which performance metrics, stored as an estimate run.
/// </summary>
public static class EstimateVerb
{
    static readonly Option<string?> Metric = new("--metric")
    {
        Description = "Only this performance metric (id). Default: all.",
    };

    static readonly Option<string?> Intervention = new("--intervention")
    {
        Description = "Only this intervention (id). Default: all.",
    };

    static readonly Option<int> Pre = new("--pre")
    {
        Description = "Baseline periods before completion (the metric's own periods).", DefaultValueFactory = _ => 6,
    };

    static readonly Option<int> Post = new("--post")
    {
        Description = "Periods from completion on.", DefaultValueFactory = _ => 3,
    };

    static readonly Option<int?> Anticipation = new("--anticipation")
    {
        Description = "Periods before completion to leave out of the baseline. Default: detect an Ashenfelter dip.",
    };

    static readonly Option<int> Folds = new("--folds")
    {
        Description = "Cross-fitting folds.", DefaultValueFactory = _ => 5,
    };

    static readonly Option<int> Bootstrap = new("--bootstrap")
    {
        Description = "Multiplier-bootstrap draws for the standard error (0: influence function).",
        DefaultValueFactory = _ => 0,
    };

    static readonly Option<int> Seed = new("--seed")
    {
        Description = "Seed for folds, learners and placebos.", DefaultValueFactory = _ => new EstimateOptions().Seed,
    };

    static readonly Option<bool> Json = new("--json")
    {
        Description = "Print one JSON array, one object per pair.",
    };

    static readonly Option<string> Cluster = new Option<string>("--cluster")
    {
        Description = "Level standard errors and tests cluster at: employee, team, or auto (team when " +
                      "completion is decided by team).",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "employee", "team");

    static readonly Option<string> Nuisance = new Option<string>("--nuisance")
    {
        Description = "The headline's outcome model: lightgbm, or linear (least squares with the logit " +
                      "propensity, R DRDID's default).",
        DefaultValueFactory = _ => "lightgbm",
    }.AcceptOnlyFromAmong("lightgbm", "linear");

    public static Command Create()
    {
        var command = new Command("estimate", "Estimate which interventions moved which performance metrics " +
                                              "(doubly robust DiD with placebo and sensitivity checks).")
        {
            Metric, Intervention, Pre, Post, Anticipation, Folds, Bootstrap, Seed, Cluster, Nuisance, Json,
        };
        command.SetVerbAction(async (parse, ct) =>
        {
            var options = Options(parse);
            var warehouse = parse.Warehouse();
            await Migrator.RequireCurrentAsync(warehouse, ct);
            var metricId = parse.GetValue(Metric);
            var interventionId = parse.GetValue(Intervention);
            await EstimateRequest.CheckAsync(warehouse, metricId, interventionId, ct);

            var json = parse.GetValue(Json);
            var (runId, results) = await EstimateJob.RunAsync(warehouse, options, metricId, interventionId,
                json ? null : message => Console.Error.WriteLine(message), ct,
                DateWindow.Bind(Settings.Environment));
            Console.WriteLine(json ? JsonSerializer.Serialize(results, EstimateRunTables.Json) : Table(results, runId));
            return 0;
        });
        return command;
    }

    static EstimateOptions Options(ParseResult parse) => new()
    {
        Pre = Positive(parse.GetValue(Pre), "--pre"),
        Post = Positive(parse.GetValue(Post), "--post"),
        Anticipation = parse.GetValue(Anticipation) is { } a ? NonNegative(a, "--anticipation") : null,
        Folds = Math.Max(2, Positive(parse.GetValue(Folds), "--folds")),
        Bootstrap = NonNegative(parse.GetValue(Bootstrap), "--bootstrap"),
        Seed = parse.GetValue(Seed),
        Cluster = Enum.Parse<ClusterChoice>(parse.GetValue(Cluster)!, ignoreCase: true),
        Nuisance = parse.GetValue(Nuisance) == "linear" ? NuisanceKind.Linear : NuisanceKind.LightGbm,
    };

    static int Positive(int value, string name) =>
        value > 0 ? value : throw new ImpactException($"{name} must be at least 1 (got {value}).");

    static int NonNegative(int value, string name) =>
        value >= 0 ? value : throw new ImpactException($"{name} cannot be negative (got {value}).");

    static string Table(IReadOnlyList<PairResult> results, long runId)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv,
            $"{"intervention",-26} {"metric",-14} {"verdict",-21} {"estimate",10} {"95% CI",-22} {"q",7} " +
            $"{"naive",9} {"DiD",9} {"treated",7} {"controls",8}  clusters");
        foreach (var r in results)
        {
            var ci = r.CiLow is { } lo && r.CiHigh is { } hi ? string.Create(inv, $"{lo:0.###} to {hi:0.###}") : "";
            var clusters = r.Clusters is { } g
                ? $"{g} {(r.ClusterLevel == Clustering.Team ? "teams" : "people")}"
                : "";
            text.AppendLine(inv,
                $"{r.InterventionId,-26} {r.MetricId,-14} {r.Verdict,-21} {Num(r.Estimate),10} {ci,-22} " +
                $"{Q(r.QValue),7} {Num(r.NaiveDifference),9} {Num(r.DidEstimate),9} {r.NTreated,7} " +
                $"{r.NControl,8}  {clusters}");
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

    static string Q(double? q) => q < 0.001 ? "<0.001" : Num(q);

    static string Num(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "—";
}
