using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Warehouse;
using Impact.Warehouse.Runs;

namespace Impact.Models.Runs;

/// <summary>
/// What an estimate run read, as fingerprints (estimate_run_inputs): one for everything every pair reads, and
/// one per performance metric for its KPIs. A later run compares them to tell which pairs must be estimated
/// again. Every pair reads the whole organisation besides its metric's KPIs (employees, attributes, the
/// completions of every intervention, which the outcome model counts as "other interventions before",
/// xAPI activity) and the estimate settings, so a change there re-estimates every pair; new or changed KPI
/// rows re-estimate only their metric's pairs.
/// </summary>
public sealed record RunInputs(string Organisation, IReadOnlyDictionary<string, string> Metrics)
{
    const string OrganisationKey = "organisation";
    const string MetricPrefix = "metric:";

    /// <summary>The metrics whose pairs must be estimated again since <paramref name="previous"/>; null: all.</summary>
    public IReadOnlySet<string>? ChangedSince(RunInputs? previous)
    {
        if (previous is null || previous.Organisation != Organisation) return null;
        return Metrics.Where(m => previous.Metrics.GetValueOrDefault(m.Key) != m.Value).Select(m => m.Key)
            .ToHashSet(StringComparer.Ordinal);
    }

    public static async Task<RunInputs> ReadAsync(DbConnection db, EstimateOptions options, DateWindow dates,
        string impactVersion, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, $"{impactVersion}|{options}|{dates.Earliest:yyyy-MM-dd}|{dates.YearsAhead}");
        string[] tables =
        [
            "SELECT employee_id, team_id, role, hire_date, location FROM employees ORDER BY employee_id",
            "SELECT employee_id, name, value FROM employee_attributes ORDER BY employee_id, name",
            "SELECT name, value_type FROM attribute_definitions ORDER BY name",
            "SELECT intervention_id, name, kind, cost_per_participant, currency FROM interventions " +
            "ORDER BY intervention_id",
            "SELECT metric_id, name, unit, direction, level, kind, value_per_unit, currency, " +
            "smallest_meaningful_change FROM metrics ORDER BY metric_id",
            "SELECT employee_id, intervention_id, completed_on, status FROM completions " +
            "ORDER BY employee_id, intervention_id, completed_on",
            "SELECT s.employee_id, COUNT(*), SUM(r.duration_seconds) FROM xapi_statements s " +
            "LEFT JOIN xapi_results r ON r.statement_id = s.statement_id " +
            "WHERE s.voided = 0 AND s.employee_id IS NOT NULL GROUP BY s.employee_id ORDER BY s.employee_id",
        ];
        foreach (var sql in tables) await HashRowsAsync(db, sql, hash, ct);
        var organisation = Convert.ToHexString(hash.GetHashAndReset())[..32];

        // KPI tables are the big ones (millions of rows): summed in the database, not read. A value changed in
        // place moves the sums; the latest ingest run that inserted rows catches new ones.
        var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await db.ExecuteReaderAsync(new CommandDefinition(
            """
            SELECT metric_id, COUNT(*), SUM(value), SUM(value * value), MIN(period_start), MAX(period_start),
                   MAX(ingest_run_id)
            FROM kpi_observations GROUP BY metric_id
            """, cancellationToken: ct));
        while (await reader.ReadAsync(ct)) metrics[reader.GetString(0)] = Short(Row(reader, 1));
        return new RunInputs(organisation, metrics);
    }

    public async Task StoreAsync(DbConnection db, DbTransaction tx, long runId, CancellationToken ct)
    {
        var rows = Metrics.Select(m => (Key: MetricPrefix + m.Key, m.Value))
            .Prepend((Key: OrganisationKey, Value: Organisation))
            .Select(r => new { run_id = runId, input_key = r.Key, fingerprint = r.Value });
        await db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO estimate_run_inputs (run_id, input_key, fingerprint) VALUES (@run_id, @input_key, " +
            "@fingerprint)", rows, tx, cancellationToken: ct));
    }

    /// <summary>What a stored run read; null when it recorded nothing (made by <c>impact estimate</c>).</summary>
    public static async Task<RunInputs?> OfRunAsync(DbConnection db, DbTransaction? tx, long runId,
        CancellationToken ct)
    {
        var rows = (await db.QueryAsync<(string Key, string Fingerprint)>(new CommandDefinition(
            "SELECT input_key, fingerprint FROM estimate_run_inputs WHERE run_id = @runId", new { runId }, tx,
            cancellationToken: ct))).ToList();
        var organisation = rows.FirstOrDefault(r => r.Key == OrganisationKey).Fingerprint;
        return organisation is null ? null : new RunInputs(organisation, rows
            .Where(r => r.Key.StartsWith(MetricPrefix, StringComparison.Ordinal))
            .ToDictionary(r => r.Key[MetricPrefix.Length..], r => r.Fingerprint, StringComparer.Ordinal));
    }

    static async Task HashRowsAsync(DbConnection db, string sql, IncrementalHash hash, CancellationToken ct)
    {
        await using var reader = await db.ExecuteReaderAsync(new CommandDefinition(sql, cancellationToken: ct));
        while (await reader.ReadAsync(ct)) Add(hash, Row(reader, 0));
        Add(hash, "\u001d"); // tables apart: rows moving between two tables change the fingerprint
    }

    static string Row(DbDataReader reader, int from)
    {
        var text = new StringBuilder();
        for (var i = from; i < reader.FieldCount; i++)
            text.Append(reader.IsDBNull(i) ? "\u2400" : Cell(reader.GetValue(i))).Append('\u001f');
        return text.ToString();
    }

    // Sums of doubles can differ in the last bits with the order rows are summed in: 12 significant digits
    // see a changed value without calling an unchanged one changed.
    static string Cell(object value) => value switch
    {
        double d => d.ToString("G12", CultureInfo.InvariantCulture),
        float f => f.ToString("G7", CultureInfo.InvariantCulture),
        decimal m => ((double)m).ToString("G12", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static void Add(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));

    static string Short(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
