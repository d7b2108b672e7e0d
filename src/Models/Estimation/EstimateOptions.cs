namespace Impact.Models.Estimation;

/// <summary>How one estimate run is made. Defaults are what <c>impact estimate</c> uses.</summary>
public sealed record EstimateOptions
{
    /// <summary>Pre-window length in the metric's own periods (the baseline), clamped to what exists.</summary>
    public int Pre { get; init; } = 6;
    /// <summary>Post-window length, counted from the first period that starts on or after completion.</summary>
    public int Post { get; init; } = 3;
    /// <summary>Periods before completion left out of the baseline; null = detect an Ashenfelter dip.</summary>
    public int? Anticipation { get; init; }
    /// <summary>Cross-fitting folds (by unit, so a unit's cohort copies share a fold).</summary>
    public int Folds { get; init; } = 5;
    /// <summary>Multiplier-bootstrap draws for the standard error; 0 = influence function only.</summary>
    public int Bootstrap { get; init; }
    public int Seed { get; init; } = 20_240_601;
    /// <summary>Below this many treated units a pair is insufficient_data: estimates on fewer are noise.</summary>
    public int MinTreated { get; init; } = 20;
    /// <summary>
    /// Fewer distinct comparison units than this share of the treated: too few comparisons (a mandatory course).
    /// </summary>
    public double MinControlShare { get; init; } = 0.10;
    public int MinControls { get; init; } = 20;
    /// <summary>
    /// A pair's stack uses every comparison person up to this many rows; past it, the same seeded share of
    /// comparison people in every cohort. Throwing comparison people away widens the interval, so the
    /// budget is what keeps the 100,000-employee benchmark within its time and memory targets.
    /// </summary>
    public int MaxStackRows { get; init; } = 400_000;
    /// <summary>
    /// Comparison people with a propensity above this look like no completer's peer and get no weight
    /// (R DRDID's trim.level); completers are never trimmed, so the estimate stays about all of them.
    /// </summary>
    public double TrimAbove { get; init; } = 0.995;
    /// <summary>The metric's level before the baseline window as a covariate (R's did has no such covariate).</summary>
    public bool OutcomeHistory { get; init; } = true;
    /// <summary>Which level inference clusters at; auto decides from how completion runs in teams.</summary>
    public ClusterChoice Cluster { get; init; } = ClusterChoice.Auto;
    /// <summary>
    /// The headline's outcome model: LightGBM, or least squares (with the logit propensity: R DRDID's default).
    /// </summary>
    public NuisanceKind Nuisance { get; init; } = NuisanceKind.LightGbm;
    /// <summary>Gradient-boosted trees of the outcome model: few and small, since the change score is noisy.</summary>
    public int Trees { get; init; } = 50;
    /// <summary>
    /// Each fold's nuisance models learn from at most this many rows (a seeded random subsample): beyond
    /// it they barely improve, while time grows with it. Predictions are still made for every row.
    /// </summary>
    public int MaxNuisanceRows { get; init; } = 10_000;
    public int Leaves { get; init; } = 8;
    public int MinLeafCount { get; init; } = 20;
    /// <summary>
    /// A pre-trend p-value below this is a clear pre-trend. It blocks the estimate only when it is also large:
    /// when a violation after completion no larger than the largest one before would overturn the verdict.
    /// </summary>
    public double PretrendBlock { get; init; } = 0.01;
    /// <summary>Compute heterogeneity and high-performer insights (skip in benchmarks of the core).</summary>
    public bool Insights { get; init; } = true;
}

/// <summary>The headline's outcome model.</summary>
public enum NuisanceKind { LightGbm, Linear }
