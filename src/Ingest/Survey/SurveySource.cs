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
    StagedUpsert<SurveyResponse>? stagedResponses;
    StagedUpsert<(string ResponseId, SurveyAnswer Answer)>? stagedAnswers;
    DbCommand storedTeam = null!;
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
        Column[] responseKey = [new("response_id", DbType.String)];
        Column[] responseValues =
            [new("survey_id", DbType.String), new("respondent_id", DbType.String), new("submitted_on", DbType.String),
             new("enps", DbType.Int32)];
        Column[] responseFirstTime = [new("team_id", DbType.String), new("ingest_run_id", DbType.Int64)];
        Column[] answerKey = [new("response_id", DbType.String), new("item", DbType.String)];
        Column[] answerValues = [new("score", DbType.Int32), new("comment", DbType.String)];
        var d = Context.Dialect;
        responses = new Upsert(Context.Connection, d, "survey_responses", responseKey, responseValues,
            responseFirstTime);
        answers = new Upsert(Context.Connection, d, "survey_answers", answerKey, answerValues);
        storedTeam = Context.Connection.CreateCommand();
        storedTeam.CommandText = "SELECT team_id FROM survey_responses WHERE response_id = @response_id";
        var parameter = storedTeam.CreateParameter();
        parameter.ParameterName = "@response_id";
        parameter.DbType = DbType.String;
        storedTeam.Parameters.Add(parameter);

        // Two item columns whose names agree in their first 400 characters would write one answer twice in a
        // merge; such a file is written row by row, where the later column wins.
        if (!d.StagesBatches || items.DistinctBy(i => i.Item, StringComparer.Ordinal).Count() < items.Length) return;
        stagedResponses = new StagedUpsert<SurveyResponse>(d, "survey_responses", responseKey, responseValues,
            responseFirstTime, (r, v) => (v[0], v[1], v[2], v[3], v[4], v[5], v[6]) =
                (r.ResponseId, r.SurveyId, r.RespondentId, r.SubmittedOn, r.Enps, r.TeamId, Context.RunId));
        stagedAnswers = new StagedUpsert<(string ResponseId, SurveyAnswer Answer)>(d, "survey_answers", answerKey,
            answerValues, [], (a, v) => (v[0], v[1], v[2], v[3]) =
                (a.ResponseId, a.Answer.Item, a.Answer.Score, a.Answer.Comment));
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
    async Task<bool> MovedAsync(SurveyResponse s, DbTransaction tx, CancellationToken ct)
    {
        // After a dropped connection the run goes on on a new one, and this command with it.
        (storedTeam.Connection, storedTeam.Transaction) = (tx.Connection, tx);
        storedTeam.Parameters[0].Value = s.ResponseId;
        return await storedTeam.ExecuteScalarAsync(ct) is var stored
            && !string.Equals(stored as string, s.TeamId, StringComparison.Ordinal);
    }

    /// <summary>
    /// A batch set-based where the engine stages batches (else null: row by row): the responses in one merge,
    /// their answers in another, then the named responses whose correction names another team than the stored
    /// one are counted (the team is written on insert only, so after the merge it is still the first one).
    /// </summary>
    public override async Task<BatchWrite?> WriteBatchAsync(IReadOnlyList<SurveyResponse> rows, DbTransaction tx,
        CancellationToken ct)
    {
        if (stagedResponses is null || stagedAnswers is null) return null;
        var written = await stagedResponses.RunWrittenAsync(rows, tx, ct);
        var answered = await stagedAnswers.RunWrittenAsync(
            [.. rows.SelectMany(r => r.Answers.Select(a => (r.ResponseId, a)))], tx, ct);
        var d = Context.Dialect;
        batchMoved += await tx.Connection!.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {d.StageOf("survey_responses")} s JOIN survey_responses t " +
            "ON t.response_id = s.response_id WHERE s.respondent_id IS NOT NULL AND " +
            d.Differs("t.team_id", "s.team_id"), transaction: tx, cancellationToken: ct));
        return BatchWrite.OfFamily(rows.Count, written, answered.Keys);
    }

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
        if (storedTeam is not null) await storedTeam.DisposeAsync();
        await base.DisposeAsync();
    }
}
