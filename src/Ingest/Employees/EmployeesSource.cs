using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;
using Impact.Ingest.Csv;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;

namespace Impact.Ingest.Employees;

/// <summary>
/// <c>employees</c>: <c>employee_id</c> (required), optional <c>team_id, role, hire_date, location,
/// manager_id</c>; every further column is an attribute the models may use as a covariate. Only the
/// columns the file has are written, so a file without <c>role</c> leaves stored roles alone. Whether an
/// attribute is numeric or categorical is decided from all its stored values and kept in attribute_definitions.
/// </summary>
public sealed class EmployeesSource(string path) : CsvSource<Employee>(path)
{
    public override string Name => "employees";

    static readonly string[] Optional = ["team_id", "role", "hire_date", "location", "manager_id"];

    Field id = null!;
    Field[] optional = [];
    (int Index, string Name)[] attributes = [];
    Upsert employees = null!, teams = null!, values = null!;
    StagedUpsert<string>? stagedTeams;
    StagedUpsert<Employee>? stagedEmployees;
    StagedUpsert<(string EmployeeId, KeyValuePair<string, string?> Attribute)>? stagedValues;

    protected override void Bind(CsvHeader header)
    {
        id = header.RequireFields("employee_id")[0];
        optional = Optional.Select(header.Field).Where(f => f.Index >= 0).ToArray();
        attributes = header.Others([id, .. optional]).Select(i => (i, header.Names[i])).ToArray();
        foreach (var (_, name) in attributes)
            if (name.Length > MaxIdLength) throw new ImpactException($"{header.FileName} has a column name longer " +
                $"than {MaxIdLength} characters.");

        var d = Context.Dialect;
        Column[] employeeKey = [new("employee_id", DbType.String)];
        Column[] employeeValues = [.. optional.Select(f => new Column(f.Name, DbType.String))];
        Column[] firstLoad = [new("ingest_run_id", DbType.Int64)];
        Column[] teamKey = [new("team_id", DbType.String)];
        Column[] valueKey = [new("employee_id", DbType.String), new("name", DbType.String)];
        Column[] value = [new("value", DbType.String)];
        employees = new Upsert(Context.Connection, d, "employees", employeeKey, employeeValues, firstLoad);
        teams = new Upsert(Context.Connection, d, "teams", teamKey, []);
        values = new Upsert(Context.Connection, d, "employee_attributes", valueKey, value);
        if (!d.StagesBatches) return;
        stagedTeams = new StagedUpsert<string>(d, "teams", teamKey, [], [], (t, v) => v[0] = t);
        stagedEmployees = new StagedUpsert<Employee>(d, "employees", employeeKey, employeeValues, firstLoad, (e, v) =>
        {
            v[0] = e.EmployeeId;
            for (var i = 0; i < optional.Length; i++) v[i + 1] = ValueOf(e, optional[i].Name);
            v[^1] = Context.RunId;
        });
        stagedValues = new StagedUpsert<(string EmployeeId, KeyValuePair<string, string?> Attribute)>(d,
            "employee_attributes", valueKey, value, [], (a, v) =>
                (v[0], v[1], v[2]) = (a.EmployeeId, a.Attribute.Key, a.Attribute.Value));
    }

    static string? ValueOf(Employee e, string column) => column switch
    {
        "team_id" => e.TeamId, "role" => e.Role, "hire_date" => e.HireDate, "location" => e.Location,
        _ => e.ManagerId,
    };

    protected override Checked<Employee> Check(CsvRecord r)
    {
        var employeeId = Id(id.Of(r), out var problem);
        if (employeeId is null) return Refuse(r, "employee_id", problem!);
        string? team = null, role = null, hired = null, location = null, manager = null;
        foreach (var f in optional)
        {
            var text = f.Of(r).Trim();
            switch (f.Name)
            {
                case "team_id":
                    team = OptionalId(text, out problem);
                    if (problem is not null) return Refuse(r, f.Name, problem);
                    break;
                case "manager_id":
                    manager = OptionalId(text, out problem);
                    if (problem is not null) return Refuse(r, f.Name, problem);
                    break;
                case "hire_date" when text.Length > 0:
                    if (DateProblem(text, out var date) is { } bad) return Refuse(r, f.Name, bad);
                    hired = Clock.Date(date);
                    break;
                case "role":
                    role = OptionalName(text, out problem);
                    if (problem is not null) return Refuse(r, f.Name, problem);
                    break;
                case "location":
                    location = OptionalName(text, out problem);
                    if (problem is not null) return Refuse(r, f.Name, problem);
                    break;
            }
        }
        var attrs = new List<KeyValuePair<string, string?>>(attributes.Length);
        foreach (var (index, name) in attributes)
        {
            var value = OptionalName(r.Get(index), out problem);
            if (problem is not null) return Refuse(r, name, problem);
            // "NaN" and "Infinity" parse as numbers but are no value a model can use: blank means unknown.
            if (value is not null && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                && !double.IsFinite(x))
                return Refuse(r, name,
                    $"{Values.Show(value)} is not a finite number; leave the cell blank when unknown.");
            attrs.Add(new(name, value));
        }
        var p = Context.Pseudonymizer;
        return Checked<Employee>.Ok(r.Line,
            new Employee(p.Employee(employeeId), team, role, hired, location, p.EmployeeOrNull(manager), attrs));
    }

    public override string? KeyOf(Employee row) => row.EmployeeId;

    public override async Task<RowOutcome> WriteAsync(Employee e, DbTransaction tx, CancellationToken ct)
    {
        if (e.TeamId is not null)
        {
            teams["team_id"] = e.TeamId;
            await teams.RunAsync(tx, ct);
        }
        employees["employee_id"] = e.EmployeeId;
        foreach (var f in optional) employees[f.Name] = ValueOf(e, f.Name);
        employees["ingest_run_id"] = Context.RunId;
        var outcome = await employees.RunAsync(tx, ct);

        foreach (var (name, value) in e.Attributes)
        {
            values["employee_id"] = e.EmployeeId;
            values["name"] = name;
            values["value"] = value;
            var stored = await values.RunAsync(tx, ct);
            if (stored != RowOutcome.Unchanged && outcome == RowOutcome.Unchanged) outcome = RowOutcome.Updated;
        }
        return outcome;
    }

    /// <summary>
    /// A batch set-based where the engine stages batches (else null: row by row): the teams it names created
    /// if unknown, then the employees in one merge and their attributes in another.
    /// </summary>
    public override async Task<BatchWrite?> WriteBatchAsync(IReadOnlyList<Employee> rows, DbTransaction tx,
        CancellationToken ct)
    {
        if (stagedTeams is null || stagedEmployees is null || stagedValues is null) return null;
        List<string> named = [.. rows.Select(e => e.TeamId).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
        if (named.Count > 0) await stagedTeams.RunAsync(named, tx, ct);
        var written = await stagedEmployees.RunWrittenAsync(rows, tx, ct);
        var valued = attributes.Length == 0 ? []
            : await stagedValues.RunWrittenAsync([.. rows.SelectMany(e => e.Attributes.Select(a => (e.EmployeeId, a)))],
                tx, ct);
        return BatchWrite.OfFamily(rows.Count, written, valued.Keys);
    }

    /// <summary>
    /// An attribute is numeric when every stored value of it is a finite number, else categorical. Each
    /// attribute of this file reads only its own values, through the name index (migration 0011), and stops
    /// at the first non-number: linear in the values however many attributes a file has (250 employees ×
    /// 4,000 attributes rescanned the whole table 4,000 times without it).
    /// </summary>
    public override async Task CompleteAsync(DbTransaction tx, CancellationToken ct)
    {
        var definitions = new Upsert(Context.Connection, Context.Dialect, "attribute_definitions",
            [new("name", DbType.String)], [new("value_type", DbType.String)]);
        await using var owned = definitions;
        foreach (var (_, name) in attributes)
        {
            var numeric = true;
            var any = false;
            await using (var reader = await Context.Connection.ExecuteReaderAsync(new CommandDefinition(
                "SELECT value FROM employee_attributes WHERE name = @name AND value IS NOT NULL", new { name }, tx,
                cancellationToken: ct)))
            {
                while (numeric && await reader.ReadAsync(ct))
                {
                    any = true;
                    var text = reader.GetString(0);
                    numeric = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                              && double.IsFinite(value);
                }
            }
            definitions["name"] = name;
            definitions["value_type"] = any && numeric ? "numeric" : "categorical";
            await definitions.RunAsync(tx, ct);
        }
        if (attributes.Length > 0)
            Context.Notes.Add(attributes.Length <= 20
                ? $"Attributes: {string.Join(", ", attributes.Select(a => a.Name))}."
                : $"{attributes.Length:N0} attributes: {string.Join(", ", attributes.Take(10).Select(a => a.Name))} " +
                  $"and {attributes.Length - 10:N0} more.");
    }

    public override async ValueTask DisposeAsync()
    {
        if (employees is not null) await employees.DisposeAsync();
        if (teams is not null) await teams.DisposeAsync();
        if (values is not null) await values.DisposeAsync();
        await base.DisposeAsync();
    }
}
