namespace Impact.Tests.Dashboard.Pages.Numbers;

/// <summary>Every figure of the data page against queries written here: each ingest run's row counts as
/// recorded, and, the sample having been ingested once into an empty warehouse, each source's rows stored
/// against the rows its table holds.</summary>
public sealed class DataNumbersTests : NumbersFixture
{
    sealed record Run(long RunId, string Source, string StartedAt, string? EndedAt, string Outcome, long RowsRead,
        long RowsStored, long RowsUpdated, long RowsUnchanged, long RowsRejected);

    // The table each source fills, where one ingest row is one table row.
    static readonly Dictionary<string, string> Tables = new()
    {
        ["employees"] = "employees", ["interventions"] = "interventions", ["completions"] = "completions",
        ["metrics"] = "metrics", ["kpi"] = "kpi_observations", ["survey"] = "survey_responses",
        ["survey-items"] = "survey_items",
    };

    [Test]
    public async Task Sources_and_recent_runs_equal_the_recorded_runs_and_the_rows_in_each_table()
    {
        var html = await Org.HtmlAsync("/Data");
        var figures = new Figures("data page");
        var runs = await Org.QueryAsync<Run>("""
            SELECT run_id AS RunId, source AS Source, started_at AS StartedAt, ended_at AS EndedAt,
                   outcome AS Outcome, rows_read AS RowsRead, rows_stored AS RowsStored, rows_updated AS RowsUpdated,
                   rows_unchanged AS RowsUnchanged, rows_rejected AS RowsRejected
            FROM ingest_runs
            """);
        var recent = PageHtml.TableHeaded(html, "Run", "Source", "File or location", "Started", "Outcome");
        figures.Count("recent runs", recent.Rows.Count.ToString(), Math.Min(25, runs.Count));
        foreach (var row in recent.Rows)
        {
            var t = row.Texts;
            var run = runs.Single(r => r.RunId.ToString(System.Globalization.CultureInfo.InvariantCulture) == t[0]);
            var where = $"run {run.RunId} ({run.Source})";
            figures.Words(where + " source", t[1], run.Source);
            figures.Words(where + " started", t[3][..16], run.StartedAt[..16].Replace('T', ' '));
            figures.Words(where + " outcome", t[4], run.Outcome);
            figures.Count(where + " read", t[5], run.RowsRead);
            figures.Count(where + " stored", t[6], run.RowsStored);
            figures.Count(where + " updated", t[7], run.RowsUpdated);
            figures.Count(where + " unchanged", t[8], run.RowsUnchanged);
            figures.Count(where + " rejected", t[9], run.RowsRejected);
        }
        var sources = PageHtml.TableHeaded(html, "Source", "Last data stored", "Rows read", "Stored");
        figures.Count("sources", sources.Rows.Count.ToString(), runs.Select(r => r.Source).Distinct().Count());
        foreach (var row in sources.Rows)
        {
            var t = row.Texts;
            var last = runs.Where(r => r.Source == t[0] && r.Outcome is "succeeded" or "partial")
                .MaxBy(r => r.RunId);
            if (last is null)
            {
                figures.Words($"source {t[0]}", t[1], "no successful run yet");
                continue;
            }
            figures.Words($"source {t[0]} last stored", t[1][..16], (last.EndedAt ?? last.StartedAt)[..16]
                .Replace('T', ' '));
            figures.Count($"source {t[0]} read", t[2], last.RowsRead);
            figures.Count($"source {t[0]} stored", t[3], last.RowsStored);
            figures.Count($"source {t[0]} updated", t[4], last.RowsUpdated);
            figures.Count($"source {t[0]} rejected", t[5], last.RowsRejected);
            if (Tables.TryGetValue(t[0], out var table))
                figures.Count($"source {t[0]} stored, as rows in {table}", t[3],
                    (await Org.QueryAsync<long>($"SELECT COUNT(*) FROM {table}")).Single()); // our constants
        }
        figures.AssertAllAgree();
    }
}
