using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Impact.Ingest.Csv;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Ingest.Survey;

/// <summary>
/// <c>survey</c>: engagement survey CSV — <c>respondent_id</c> (blank = anonymous), <c>team_id</c>,
/// <c>submitted_on</c>, optional <c>survey_id</c> and <c>enps</c> (0–10), and every other column a Likert
/// item (1–5; blank = not answered). <c>--profile glint</c> reads Glint's export (a comment column per
/// question; names and e-mails ignored). Comment text is stored only with <c>--keep-comments</c>.
/// </summary>
/// <remarks>
/// Re-running a file must not add responses, anonymous ones included, so a response's id is derived
/// from its content: survey + respondent for named responses (a corrected answer then updates), and
/// survey + team + date + answers + occurrence number for anonymous ones (two identical anonymous
/// responses stay two). Without a survey_id column the survey is the month it was submitted in.
/// </remarks>
public sealed class SurveySource(string path) : CsvSource<SurveyResponse>(path)
{
    public override string Name => "survey";

    Field respondent = null!, team = null!, submitted = null!, survey = null!, enps = null!;
    (int Index, string Item, int Comment)[] items = [];
    readonly Dictionary<string, int> seen = new(StringComparer.Ordinal);
    Upsert responses = null!, answers = null!;
    int moved, batchMoved;

    protected override void Bind(CsvHeader header)
    {
        (respondent, submitted) = header.RequireFields("respondent_id", "submitted_on") switch { var f =>
            (f[0], f[1]) };
        team = header.Field("team_id");
        survey = header.Field("survey_id");
        enps = header.Field("enps");
        var others = header.Others([respondent, submitted, team, survey, enps]).ToList();
        var suffix = Profile?.CommentSuffix;
        var skip = (Profile?.IgnoreSuffixes ?? []).Append(suffix).OfType<string>().ToList();
        items = others.Where(i => !skip.Any(s => header.Names[i].EndsWith(s, StringComparison.OrdinalIgnoreCase)))
            .Select(i =>
                (i, header.Names[i].Length > 400 ? header.Names[i][..400] : header.Names[i], suffix is null ? -1
                : header.Find(header.Names[i] + suffix)))
            .ToArray();
        if (items.Length == 0 && !enps.Present)
            throw new ImpactException($"{header.FileName} has no item columns and no enps column: there is nothing " +
                "to store.");

        // team_id is written once, when the response is first stored: a response belongs to the team it was
        // given in, so a correction that names another team cannot re-cut a group already published.
        responses = new Upsert(Context.Connection, Context.Dialect, "survey_responses",
            [new("response_id", DbType.String)],
            [new("survey_id", DbType.String), new("respondent_id", DbType.String), new("submitted_on", DbType.String),
             new("enps", DbType.Int32)],
            [new("team_id", DbType.String), new("ingest_run_id", DbType.Int64)]);
        answers = new Upsert(Context.Connection, Context.Dialect, "survey_answers",
            [new("response_id", DbType.String), new("item", DbType.String)],
                [new("score", DbType.Int32), new("comment", DbType.String)]);
    }

    /// <summary>
    /// Answers are confidential: a refused row keeps no raw text (<see cref="RawRowsAreConfidential"/>), its
    /// reason never quotes a value, and it names the respondent by pseudonym only.
    /// </summary>
    protected override Checked<SurveyResponse> Check(CsvRecord r)
    {
        var who = OptionalId(respondent.Of(r), out var problem);
        if (problem is not null) return No(r, "respondent_id", problem, null);
        var person = who is null ? null : Context.Pseudonymizer.Employee(who);
        var teamId = OptionalId(team.Of(r), out problem);
        if (problem is not null) return No(r, "team_id", problem, person);
        if (DateProblem(submitted.Of(r), out var on, quote: false) is { } bad)
            return No(r, "submitted_on", bad, person);
        int? promoter = null;
        var enpsText = enps.Of(r).Trim();
        if (enpsText.Length > 0)
        {
            if (!int.TryParse(enpsText, out var e) || e is < 0 or > 10)
                return No(r, "enps", "is not an eNPS score (a whole number 0–10).", person);
            promoter = e;
        }

        var given = new List<SurveyAnswer>(items.Length);
        foreach (var (index, item, comment) in items)
        {
            var text = r.Get(index).Trim();
            if (text.Length == 0) continue;
            if (!int.TryParse(text, out var score) || score is < 1 or > 5)
                return No(r, item, "is not an answer on the 1–5 scale.", person);
            var note = Context.Options.KeepComments && comment >= 0 && r.Get(comment).Trim() is { Length: > 0 } c
                ? c : null;
            given.Add(new SurveyAnswer(item, score, note));
        }
        if (given.Count == 0 && promoter is null)
            return No(r, null, "has no answers: every item and enps are blank.", person);

        var surveyId = OptionalId(survey.Of(r), out problem)
            ?? on.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        if (problem is not null) return No(r, "survey_id", problem, person);
        var date = Clock.Date(on);
        return Checked<SurveyResponse>.Ok(r.Line,
            new SurveyResponse(ResponseId(surveyId, person, teamId, date, promoter, given), surveyId, person, teamId,
            date, promoter, given));
    }

    static Checked<SurveyResponse> No(CsvRecord r, string? field, string reason, string? person) =>
        Checked<SurveyResponse>.Refuse(r.Line, field, reason, raw: null, subject: person);

    public override bool RawRowsAreConfidential => true;

    public override string? KeyOf(SurveyResponse row) => row.ResponseId;

    string ResponseId(string surveyId, string? person, string? teamId, string date, int? promoter,
        List<SurveyAnswer> given)
    {
        var key = new StringBuilder(surveyId).Append('\u001f');
        if (person is not null) return "r_" + Hash(key.Append(person).ToString());
        key.Append(teamId).Append('\u001f').Append(date).Append('\u001f').Append(promoter);
        foreach (var a in given) key.Append('\u001f').Append(a.Item).Append('=').Append(a.Score);
        var content = Hash(key.ToString());
        var occurrence = seen[content] = seen.GetValueOrDefault(content) + 1;
        return "a_" + Hash(content + "#" + occurrence);
    }

    static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];

    public override async Task<RowOutcome> WriteAsync(SurveyResponse s, DbTransaction tx, CancellationToken ct)
    {
        responses["response_id"] = s.ResponseId;
        responses["survey_id"] = s.SurveyId;
        responses["respondent_id"] = s.RespondentId;
        responses["team_id"] = s.TeamId;
        responses["submitted_on"] = s.SubmittedOn;
        responses["enps"] = s.Enps;
        responses["ingest_run_id"] = Context.RunId;
        var outcome = await responses.RunAsync(tx, ct);
        if (outcome != RowOutcome.Stored && s.RespondentId is not null && await MovedAsync(s, tx, ct)) batchMoved++;
        foreach (var a in s.Answers)
        {
            answers["response_id"] = s.ResponseId;
            answers["item"] = a.Item;
            answers["score"] = a.Score;
            answers["comment"] = a.Comment;
            var stored = await answers.RunAsync(tx, ct);
            if (stored != RowOutcome.Unchanged && outcome == RowOutcome.Unchanged) outcome = RowOutcome.Updated;
        }
        return outcome;
    }

    /// <summary>True when a correction names another team than the one the response was first stored under.</summary>
    async Task<bool> MovedAsync(SurveyResponse s, DbTransaction tx, CancellationToken ct) =>
        await Context.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT team_id FROM survey_responses WHERE response_id = @ResponseId", new { s.ResponseId }, tx,
            cancellationToken: ct))
        is var stored && !string.Equals(stored, s.TeamId, StringComparison.Ordinal);

    public override void Committed() => (moved, batchMoved) = (moved + batchMoved, 0);

    public override void RolledBack() => batchMoved = 0;

    public override Task CompleteAsync(DbTransaction tx, CancellationToken ct)
    {
        if (moved + batchMoved > 0)
            Context.Notes.Add($"{moved + batchMoved:N0} corrected responses name another team than when first " +
                              "loaded; " +
                              "they stay with the team they were given in, so that published groups are not re-cut.");
        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        if (responses is not null) await responses.DisposeAsync();
        if (answers is not null) await answers.DisposeAsync();
        await base.DisposeAsync();
    }
}
