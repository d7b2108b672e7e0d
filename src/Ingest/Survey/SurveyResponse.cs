namespace Impact.Ingest.Survey;

/// <summary>One answer to one Likert item (1–5), with its comment when comments are kept.</summary>
public sealed record SurveyAnswer(string Item, int Score, string? Comment);

/// <summary>
/// One engagement survey response. <see cref="RespondentId"/> is null for anonymous responses.
/// Stored apart from performance data and never used as a model outcome.
/// </summary>
public sealed record SurveyResponse(
    string ResponseId, string SurveyId, string? RespondentId, string? TeamId, string SubmittedOn, int? Enps,
    IReadOnlyList<SurveyAnswer> Answers);
