using Impact.Models.Outcomes;

namespace Impact.Models.Estimation;

/// <summary>
/// Reasons a pair gets no estimate at all: too few completers with data before and after, too few
/// comparisons (a course almost everyone takes), or completers the comparison group cannot match.
/// A pre-trend that is both clear and large blocks in <see cref="Verdicts.Decide"/>.
/// </summary>
public static class PairGates
{
    public static string? TooFew(Stack stack, EstimateOptions options, double? completionRate)
    {
        var metric = stack.Panel.Metric;
        var intervention = stack.Panel.Interventions[stack.InterventionId];
        var treatedEver = stack.Panel.TreatedOn[stack.InterventionId].Count(d => d is not null);
        if (stack.TreatedCount < options.MinTreated && metric.Level == MetricLevel.Team)
            return $"Too few teams to compare: {metric.Name} is measured per team, and a team counts as having done " +
                   $"{intervention.Name} once at least half its members finished it; {treatedEver} team(s) got " +
                   $"there, {stack.TreatedCount} with data before and after, and at least {options.MinTreated} are " +
                   $"needed.";
        if (stack.TreatedCount < options.MinTreated)
            return $"Too few completers with {metric.Name} data before and after: {stack.TreatedCount} (of " +
                   $"{treatedEver} who finished {intervention.Name}); at least {options.MinTreated} are needed.";
        var needed = Math.Max(options.MinControls, (int)Math.Ceiling(options.MinControlShare * stack.TreatedCount));
        if (stack.DistinctControls >= needed) return null;
        return metric.Level == MetricLevel.Team
            ? $"Too few comparisons: {Verdicts.Percent(completionRate)} of teams got at least half their members " +
              $"through {intervention.Name} and only {stack.DistinctControls} team(s) had not (yet) — none of their " +
              $"members — with {metric.Name} data; at least {needed} are needed, and teams that skip what almost " +
              $"every team does are rarely comparable."
            : $"Too few comparisons: {Verdicts.Percent(completionRate)} finished {intervention.Name} and only " +
              $"{stack.DistinctControls} people had not (yet) done so with {metric.Name} data; at least {needed} are " +
              $"needed, and people who skip a course almost everyone takes are rarely comparable.";
    }

    /// <summary>
    /// More than half the completers look like nobody in the comparison group: the estimate would be extrapolation.
    /// </summary>
    public static string? NoOverlap(HeadlineFit fit, EstimateOptions options) =>
        fit.CompletersOutsideSupport <= 0.5 ? null
        : $"No overlap: {Verdicts.Percent(fit.CompletersOutsideSupport)} of completers have no comparable " +
          $"non-completers (propensity above {options.TrimAbove}).";
}
