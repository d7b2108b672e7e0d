using System.Globalization;
using Impact.Dashboard.Display;
using Impact.Models.Estimation;

namespace Impact.Dashboard.Exports;

/// <summary>
/// The words of a pack: each finding's title sentence (the finding itself, not a chart name), its three
/// evidence bullets and its value line. Built from the stored estimate, so every number matches the run.
/// </summary>
public static class Headlines
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Title(PackPair p)
    {
        var d = p.Parsed;
        var (i, m) = (p.Intervention, p.MetricName);
        var ci = $"95% CI {Num(d.CiLow)} to {Num(d.CiHigh)}";
        return p.Verdict switch
        {
            Verdicts.Improved or Verdicts.Worsened =>
                $"{i} {(d.Estimate > 0 ? "raised" : "lowered")} {m} by {Num(Math.Abs(d.Estimate ?? 0))}" +
                $"{Unit(p)} per person ({ci})",
            Verdicts.NoMeaningfulEffect => $"{i} made no meaningful difference to {m} ({ci})" + Selection(p),
            Verdicts.Inconclusive => $"Inconclusive: the effect of {i} on {m} could be anywhere from " +
                                     $"{Num(d.CiLow)} to {Num(d.CiHigh)}{Unit(p)}" + Selection(p),
            Verdicts.NoDetectableEffect => $"No detectable effect of {i} on {m} ({ci})" + Selection(p),
            _ => $"{i} on {m}: not enough evidence to estimate an effect",
        };
    }

    static string Selection(PackPair p) => Misleads(p.Parsed)
        ? $" — completers already differed (raw gap {Signed(p.Parsed.NaiveDifference!.Value)}{Unit(p)})"
        : "";

    /// <summary>
    /// Whether a completion report would mislead: the raw gap between completers and everyone else lies
    /// outside the causal interval by more than the interval's half-width, so the gap is mostly who chose to
    /// take part, not what the intervention did. (Just outside the interval is noise, not a story.)
    /// </summary>
    public static bool Misleads(EstimateDetail d) =>
        d is { NaiveDifference: { } naive, CiLow: { } low, CiHigh: { } high }
        && Math.Max(low - naive, naive - high) > (high - low) / 2;

    /// <summary>Three short bullets: who was compared, whether the comparison holds, what completion implied.
    /// </summary>
    public static IReadOnlyList<string> Evidence(PackPair p)
    {
        var d = p.Parsed;
        var compared = $"{Format.Count(d.NTreated ?? 0)} completers against {Format.Count(d.NControl ?? 0)} " +
                       $"comparable colleagues" + (d.ClusterCount is { } g ? $", intervals clustered over {g}" : "");
        var checks = (d.PretrendP, d.PlaceboP) switch
        {
            ({ } pre, { } placebo) => $"Before completion the groups moved together (pre-trend {Is("p", pre)}); " +
                                      $"placebo {Is("p", placebo)}",
            ({ } pre, null) => $"Before completion the groups moved together (pre-trend {Is("p", pre)})",
            _ => "No pre-period check was possible",
        } + (d.QValue is { } q ? $"; {Is("q", q)} across the run" : "");
        var naive = d.NaiveDifference is { } n
            ? $"A completion report would show {Signed(n)}{Unit(p)} (completers minus everyone else)" +
              (d.CompletionRate is { } rate ? $"; {Format.Percent(rate)} completed" : "")
            : d.CompletionRate is { } r ? $"{Format.Percent(r)} completed" : "No raw comparison was stored";
        return [compared, checks, naive];
    }

    /// <summary>What the finding was worth, or why no value is claimed.</summary>
    public static string ValueLine(PackPair p) => WhyNoValue(p) is { } why
        ? $"No value is claimed: {why}."
        : $"Worth {Num(p.Parsed.BenefitPerParticipant)} {p.Currency} per participant (95% CI " +
          $"{Num(p.Parsed.BenefitCiLow)} to {Num(p.Parsed.BenefitCiHigh)})" +
          (p.Parsed.Roi is { } roi ? $", {Format.Percent(1 + roi)} of its cost per participant." : ".");

    /// <summary>Null when a value can be claimed: a value per unit, a cost, and an interval that excludes
    /// zero.</summary>
    public static string? WhyNoValue(PackPair p)
    {
        var d = p.Parsed;
        if (!p.Estimated) return "there is no estimate";
        if (d.CiLow is not { } low || d.CiHigh is not { } high || (low <= 0 && high >= 0))
            return "the effect's 95% interval includes zero";
        if (p.ValuePerUnit is null) return $"{p.MetricName} has no value per unit";
        if (p.CostPerParticipant is null) return $"{p.Intervention} has no cost per participant";
        if (d.BenefitPerParticipant is null || d.BenefitCiLow is null || d.BenefitCiHigh is null)
            return "the run stored no benefit";
        return null;
    }

    /// <summary>"p = 0.426", or "q &lt; 0.001" (never "q = &lt; 0.001").</summary>
    static string Is(string name, double value) => Format.Probability(value) is var v && v.StartsWith('<')
        ? $"{name} {v}"
        : $"{name} = {v}";

    static string Unit(PackPair p) => string.IsNullOrWhiteSpace(p.Unit) ? "" : " " + p.Unit;

    /// <summary>A figure to three significant digits or so: 6.4, 0.034, 1,794.</summary>
    public static string Num(double? value) => value is not { } v || !double.IsFinite(v) ? "–"
        : Math.Abs(v) >= 100 ? v.ToString("N0", Inv)
        : Math.Abs(v) >= 10 ? v.ToString("N1", Inv)
        : Math.Abs(v) >= 0.1 ? v.ToString("0.##", Inv)
        : v.ToString("0.###", Inv);

    static string Signed(double v) => (v > 0 ? "+" : "") + Num(v);
}
