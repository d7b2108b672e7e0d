using System.Globalization;
using System.Text;
using Dapper;
using Impact.Ingest.Pipeline;
using Impact.Warehouse;
using static Impact.Tests.Ingest.IngestTestKit;

namespace Impact.Tests.Warehouse.Summaries;

/// <summary>
/// A small organisation that changes the ways the KPI sums per team, role and location must follow: each round
/// hires people, moves some to another team, role or location (a blank one included), and loads KPI rows that
/// are new, corrected or about someone who is not an employee (so in no group).
/// </summary>
public sealed class MovingOrganisation(Database warehouse, int seed)
{
    public static readonly string[] Teams = ["T1", "T2", "T3", ""];
    public static readonly string[] Roles = ["Agent", "Lead", ""];
    public static readonly string[] Locations = ["Leeds", "York", ""];
    public static readonly string[] Periods = ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"];

    readonly Random random = new(seed);
    readonly Dictionary<string, (string Team, string Role, string Location)> people = [];

    public Database Warehouse { get; } = warehouse;

    /// <summary>One round: the employees file, then the KPI file, each an ingest with the given options.</summary>
    public async Task IngestRoundAsync(IngestOptions? options = null)
    {
        var employees = await RunAsync(Warehouse, "employees", File(EmployeesFile()), options ?? Quiet);
        Assert.That(employees.ExitCode, Is.Zero, employees.Describe());
        var kpis = await RunAsync(Warehouse, "kpi", File(KpiFile(rows: 60)), options ?? Quiet);
        Assert.That(kpis.ExitCode, Is.Zero, kpis.Describe());
    }

    /// <summary>Moves one person to another team (and only that) by an ingest with the given options.</summary>
    public async Task MoveSomeoneAsync(IngestOptions options)
    {
        var (id, was) = people.First(p => p.Value.Team != "T3");
        people[id] = was with { Team = "T3" };
        var moved = await RunAsync(Warehouse, "employees", File(EmployeesFile(hire: 0, move: 0)), options);
        Assert.That(moved.Updated, Is.EqualTo(1L), moved.Describe());
    }

    /// <summary>Hires and moves people (a blank team, role or location among the moves) by one ingest.</summary>
    public async Task ChangePeopleAsync(int hire, int move, IngestOptions options)
    {
        var changed = await RunAsync(Warehouse, "employees", File(EmployeesFile(hire, move)), options);
        Assert.That(changed.ExitCode, Is.Zero, changed.Describe());
    }

    /// <summary>
    /// A daily feed's correction: new values for some people (a non-employee among them) in one metric and one
    /// period only; which, returned.
    /// </summary>
    public async Task<(string Metric, string Period)> CorrectSliceAsync(IngestOptions options)
    {
        var period = Pick(Periods);
        var csv = new StringBuilder("metric_id,subject_id,period_start,value\n");
        foreach (var subject in people.Keys.Append("E0").OrderBy(_ => random.Next()).Take(4))
            csv.Append(CultureInfo.InvariantCulture, $"sales,{subject},{period},{random.Next(-50, 150)}.25\n");
        var corrected = await RunAsync(Warehouse, "kpi", File(csv.ToString()), options);
        Assert.That(corrected.ExitCode, Is.Zero, corrected.Describe());
        return ("sales", period);
    }

    string EmployeesFile(int hire = 3, int move = 2)
    {
        for (var i = 0; i < hire; i++)
            people[$"E{people.Count + 1}"] = (Pick(Teams), Pick(Roles), Pick(Locations));
        foreach (var id in people.Keys.OrderBy(_ => random.Next()).Take(move).ToList())
            people[id] = random.Next(3) switch
            {
                0 => people[id] with { Team = PickOther(Teams, people[id].Team) },
                1 => people[id] with { Role = PickOther(Roles, people[id].Role) },
                _ => people[id] with { Location = PickOther(Locations, people[id].Location) },
            };
        var csv = new StringBuilder("employee_id,team_id,role,hire_date,location,manager_id\n");
        foreach (var (id, p) in people)
            csv.Append(CultureInfo.InvariantCulture, $"{id},{p.Team},{p.Role},2020-01-01,{p.Location},\n");
        return csv.ToString();
    }

    string KpiFile(int rows)
    {
        var csv = new StringBuilder("metric_id,subject_id,period_start,value\n");
        for (var i = 0; i < rows; i++)
        {
            var sales = random.Next(4) > 0;
            // E0 is nobody: its rows are in no group, and no filter by people shows them.
            var subject = sales ? $"E{random.Next(0, people.Count + 1)}" : $"T{random.Next(1, 4)}";
            var value = Math.Round(random.NextDouble() * 200 - 50, 2).ToString(CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture,
                $"{(sales ? "sales" : "csat")},{subject},{Pick(Periods)},{value}\n");
        }
        return csv.ToString();
    }

    string Pick(string[] values) => values[random.Next(values.Length)];

    string PickOther(string[] values, string current) => Pick([.. values.Where(v => v != current)]);

    public async Task ExecuteAsync(string sql)
    {
        await using var db = await Warehouse.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync(sql);
    }
}
