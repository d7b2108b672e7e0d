namespace Impact.Ingest.Survey;

/// <summary>A survey item's column name and the question it asked.</summary>
public sealed record SurveyItem(string Item, string Question);
