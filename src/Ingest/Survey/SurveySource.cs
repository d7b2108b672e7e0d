using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
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

    protected override void Bind(CsvHeader header)
    {
        (respondent, submitted) = header.RequireFields("respondent_id", "submitted_on") switch { var f => (f[0], f[1]) };
        team = header.Field("team_id");
        survey = header.Field("survey_id");
        enps = header.Field("enps");
        var others = header.Others([respondent, submitted, team, survey, enps]).ToList();
        var suffix = Profile?.CommentSuffix;
        var skip = (Profile?.IgnoreSuffixes ?? []).Append(suffix).OfType<string>().ToList();
        items = others.Where(i => !skip.Any(s => header.Names[i].EndsWith(s, StringComparison.OrdinalIgnoreCase)))
            .Select(i => (i, header.Names[i].Length > 400 ? header.Names[i][..400] : header.Names[i], suffix is null ? -1 : header.Find(header.Names[i] + suffix)))
            .ToArray();
        if (items.Length == 0 && !enps.Present)
            throw new ImpactException($"{header.FileName} has no item columns and no enps column: there is nothing to store.");

        responses = new Upsert(Context.Connection, Context.Dialect, "survey_responses", [new("response_id", DbType.String)],
            [new("survey_id", DbType.String), new("respondent_id", DbType.String), new("team_id", DbType.String),
             new("submitted_on", DbType.String), new("enps", DbType.Int32)],
            [new("ingest_run_id", DbType.Int64)]);
        answers = new Upsert(Context.Connection, Context.Dialect, "survey_answers",
            [new("response_id", DbType.String), new("item", DbType.String)], [new("score", DbType.Int32), new("comment", DbType.String)]);
    }

    protected override Checked<SurveyResponse> Check(CsvRecord r)
    {
        var who = OptionalId(respondent.Of(r), out var problem);
        if (problem is not null) return Refuse(r, "respondent_id", problem);
        var teamId = OptionalId(team.Of(r), out problem);
        if (problem is not null) return Refuse(r, "team_id", problem);
        if (!Values.TryDate(submitted.Of(r), out var on))
            return Refuse(r, "submitted_on", $"{Values.Show(submitted.Of(r).Trim())} is not a date ({Values.DateHint}).");
        int? promoter = null;
        var enpsText = enps.Of(r).Trim();
        if (enpsText.Length > 0)
        {
            if (!int.TryParse(enpsText, out var e) || e is < 0 or > 10) return Refuse(r, "enps", $"{Values.Show(enpsText)} is not an eNPS score (a whole number 0–10).");
            promoter = e;
        }

        var given = new List<SurveyAnswer>(items.Length);
        foreach (var (index, item, comment) in items)
        {
            var text = r.Get(index).Trim();
            if (text.Length == 0) continue;
            if (!int.TryParse(text, out var score) || score is < 1 or > 5)
                return Refuse(r, item, $"{Values.Show(text)} is not an answer on the 1–5 scale.");
            var note = Context.Options.KeepComments && comment >= 0 && r.Get(comment).Trim() is { Length: > 0 } c ? c : null;
            given.Add(new SurveyAnswer(item, score, note));
        }
        if (given.Count == 0 && promoter is null) return Refuse(r, null, "has no answers: every item and enps are blank.");

        var surveyId = OptionalId(survey.Of(r), out problem) ?? on.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        if (problem is not null) return Refuse(r, "survey_id", problem);
        var person = who is null ? null : Context.Pseudonymizer.Employee(who);
        var date = Clock.Date(on);
        return Checked<SurveyResponse>.Ok(r.Line, new SurveyResponse(ResponseId(surveyId, person, teamId, date, promoter, given), surveyId, person, teamId, date, promoter, given));
    }

    string ResponseId(string surveyId, string? person, string? teamId, string date, int? promoter, List<SurveyAnswer> given)
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
        responses[0] = s.ResponseId;
        responses[1] = s.SurveyId;
        responses[2] = s.RespondentId;
        responses[3] = s.TeamId;
        responses[4] = s.SubmittedOn;
        responses[5] = s.Enps;
        responses[6] = Context.RunId;
        var outcome = await responses.RunAsync(tx, ct);
        foreach (var a in s.Answers)
        {
            answers[0] = s.ResponseId;
            answers[1] = a.Item;
            answers[2] = a.Score;
            answers[3] = a.Comment;
            if (await answers.RunAsync(tx, ct) != RowOutcome.Unchanged && outcome == RowOutcome.Unchanged) outcome = RowOutcome.Updated;
        }
        return outcome;
    }

    public override async ValueTask DisposeAsync()
    {
        if (responses is not null) await responses.DisposeAsync();
        if (answers is not null) await answers.DisposeAsync();
        await base.DisposeAsync();
    }
}
