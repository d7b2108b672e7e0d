namespace Impact.Models.Simulation;

/// <summary>Size and seed of a simulated organisation; <c>impact sample</c> exposes these.</summary>
public sealed record SimulationOptions
{
    public int Employees { get; init; } = 2_000;
    public int Months { get; init; } = 24;
    public int Seed { get; init; } = 7;
    public DateOnly Start { get; init; } = new(2024, 1, 1);
    /// <summary>The sales dip before a manager's referral, in sales per month (see README: Ashenfelter).</summary>
    public double DipSize { get; init; } = 6;
}

/// <summary>One planted effect, as truth.json lists it.</summary>
public sealed record PlantedEffect(string InterventionId, string MetricId, double TrueEffect, string ExpectedVerdict,
    string Story);

public sealed record SurveyResponse(string? RespondentId, string TeamId, DateOnly SubmittedOn, int[] Items, int Enps);
