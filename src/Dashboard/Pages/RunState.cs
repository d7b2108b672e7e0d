using Impact.Dashboard.Display;
using Impact.Models.Runs;

namespace Impact.Dashboard.Pages;

/// <summary>
/// The newest estimate run whatever its outcome, so the overview can say when the figures it shows were made,
/// whether a newer run is under way, and why the last one failed (the verdicts shown always come from the
/// latest run that succeeded).
/// </summary>
public sealed record RunState
{
    public long RunId { get; init; }
    public string StartedAt { get; init; } = "";
    public string? EndedAt { get; init; }
    public string? HeartbeatAt { get; init; }
    public string Status { get; init; } = "";
    public string DataVersion { get; init; } = "";
    public string? Message { get; init; }

    /// <summary>A run fanned out one job per pair: its pairs, and how many are stored so far (0 and 0 otherwise).
    /// </summary>
    public long PairsTotal { get; init; }
    public long PairsDone { get; init; }

    public bool InProgress => Status == EstimateRunStatus.Running;
    public bool Succeeded => Status == EstimateRunStatus.Succeeded;

    public const string Sql = """
        SELECT run_id AS RunId, started_at AS StartedAt, ended_at AS EndedAt, heartbeat_at AS HeartbeatAt,
               status AS Status, data_version AS DataVersion, message AS Message,
               (SELECT COUNT(*) FROM estimate_run_pairs p WHERE p.run_id = r.run_id) AS PairsTotal,
               (SELECT COUNT(*) FROM estimate_run_pairs p WHERE p.run_id = r.run_id AND p.status <> 'pending')
                   AS PairsDone
        FROM estimate_runs r ORDER BY run_id DESC
        """;

    /// <summary>What became of the newest run, in one sentence.</summary>
    public string Sentence => Status switch
    {
        EstimateRunStatus.Running when PairsTotal > 0 => $"Run #{RunId} is estimating {PairsDone:N0} of " +
            $"{PairsTotal:N0} pairs: started {Format.Stamp(StartedAt)}, last pair stored " +
            $"{Format.Stamp(HeartbeatAt ?? StartedAt)}. Its verdicts appear when it finishes.",
        EstimateRunStatus.Running => $"Run #{RunId} is in progress: started {Format.Stamp(StartedAt)}, " +
            $"last sign of life {Format.Stamp(HeartbeatAt ?? StartedAt)}. Its verdicts appear when it finishes.",
        EstimateRunStatus.Succeeded => $"Run #{RunId} succeeded: started {Format.Stamp(StartedAt)}, finished " +
            $"{Format.Stamp(EndedAt)}.",
        _ => $"Run #{RunId} {Status.Replace('_', ' ')}, {Format.Stamp(EndedAt ?? StartedAt)}: " +
            $"{(string.IsNullOrWhiteSpace(Message) ? "it left no message" : Message.TrimEnd('.'))}.",
    };
}
