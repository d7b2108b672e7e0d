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
    /// <summary>
    /// SD of a shock shared by a team in a month (a bad month for a store, a manager away), as a multiple
    /// of each metric's individual month-to-month noise; 0 turns it off. Real teams share such months, and
    /// inference that treats teammates as independent is too sure of itself when whole teams are treated.
    /// </summary>
    public double TeamShock { get; init; } = 0.5;
    /// <summary>How the quality rollout reaches people: whole teams at once, or each person on their own.</summary>
    public RolloutAssignment Rollout { get; init; } = RolloutAssignment.Team;
}

public enum RolloutAssignment { Team, Individual }

/// <summary>One planted effect, as truth.json lists it.</summary>
public sealed record PlantedEffect(string InterventionId, string MetricId, double TrueEffect, string ExpectedVerdict,
    string Story);

public sealed record SurveyResponse(string? RespondentId, string TeamId, DateOnly SubmittedOn, int[] Items, int Enps);
