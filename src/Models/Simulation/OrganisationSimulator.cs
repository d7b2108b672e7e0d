using Impact.Models.Outcomes;
using Impact.Models.Panels;

namespace Impact.Models.Simulation;

/// <summary>
/// A seeded organisation with known true effects, built to contain the traps real L&amp;D data has
/// (data-samples/README.md tells the stories): high performers self-selecting into a useless course,
/// managers referring people to coaching after a temporary sales dip, a mandatory course nearly
/// everyone completes, a team-by-team staggered rollout, an effect that differs by tenure, a
/// lower-is-better metric, a team-level metric, costs and values for ROI, and a quarterly engagement
/// survey that is loosely related to nothing causal.
/// </summary>
public sealed class OrganisationSimulator(SimulationOptions options)
{
    public const string Masterclass = "negotiation_masterclass";
    public const string Coaching = "sales_coaching";
    public const string Compliance = "compliance_2024";
    public const string Rollout = "quality_rollout";
    public const string Mentoring = "peer_mentoring";

    readonly Random random = new(options.Seed);

    public sealed record Result(Organisation Organisation, IReadOnlyList<SurveyResponse> Survey, IReadOnlyList<PlantedEffect> Truth,
        IReadOnlyList<(string Id, string Owner)> MetricOwners);

    public Result Run()
    {
        var months = options.Months;
        var n = options.Employees;
        var teamCount = Math.Max(4, n / 40);
        var teams = Enumerable.Range(1, teamCount).Select(t => $"T{t:000}").ToArray();
        var locations = new[] { "Lisbon", "Leeds", "Leipzig", "Lyon" };
        var teamEffect = teams.Select(_ => Normal()).ToArray();
        var employees = new List<EmployeeRow>();
        var ability = new double[n];
        var tenureAtStart = new double[n];
        var teamOf = new int[n];
        for (var i = 0; i < n; i++)
        {
            teamOf[i] = random.Next(teamCount);
            ability[i] = Normal();
            tenureAtStart[i] = Math.Round(-Math.Log(1 - random.NextDouble()) * 3.5, 2);
            var role = tenureAtStart[i] > 6 && random.NextDouble() < 0.4 ? "team_lead" : tenureAtStart[i] > 2 ? "senior_agent" : "agent";
            var hire = options.Start.AddDays(-(int)(tenureAtStart[i] * 365.25));
            employees.Add(new EmployeeRow($"E{i + 1:00000}", teams[teamOf[i]], role, hire, locations[teamOf[i] % locations.Length],
                new Dictionary<string, string?>
                {
                    ["grade"] = Math.Clamp((int)Math.Round(2 + tenureAtStart[i] / 3 + 0.5 * Normal()), 1, 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["shift"] = random.NextDouble() < 0.3 ? "night" : "day",
                }));
        }
        var interventions = new List<InterventionRow>
        {
            new(Masterclass, "Negotiation masterclass", "training", 900, "EUR"),
            new(Coaching, "Sales coaching", "coaching", 1_200, "EUR"),
            new(Compliance, "Compliance 2024", "elearning", 40, "EUR"),
            new(Rollout, "Quality playbook rollout", "practice", 300, "EUR"),
            new(Mentoring, "Peer mentoring", "mentoring", 600, "EUR"),
        };
        var completions = new List<CompletionRow>();
        // completion month per employee per intervention (−1: none), and planted effects per month after.
        var month = interventions.ToDictionary(iv => iv.Id, _ => Enumerable.Repeat(-1, n).ToArray());
        var dip = new int[n];
        // Never on the 1st: the month of completion is then partly before, partly after, as in most real data.
        DateOnly DayIn(int m) => options.Start.AddMonths(m).AddDays(random.Next(1, 28));
        int Window(int from, int toExclusive) => random.Next(Math.Min(from, months - 1), Math.Max(from + 1, toExclusive));

        for (var i = 0; i < n; i++)
        {
            var id = employees[i].Id;
            // High performers opt in to the masterclass; it does nothing for anyone.
            if (random.NextDouble() < Logistic(1.6 * ability[i] - 1.6))
                Complete(id, Masterclass, Window(4, months - 3), i, random.NextDouble() < 0.06 ? "enrolled" : "completed");
            // Managers refer people to coaching after two bad months of sales.
            if (random.NextDouble() < 0.14)
            {
                var m = Window(9, months - 3);
                dip[i] = m;
                Complete(id, Coaching, m, i, "completed");
            }
            // Mandatory: 96% finish within two months of launch.
            if (random.NextDouble() < 0.96) Complete(id, Compliance, Window(2, 4), i, random.NextDouble() < 0.5 ? "passed" : "completed");
            else if (random.NextDouble() < 0.5) Complete(id, Compliance, Window(2, 4), i, "failed");
            // Mentoring: newer people more often; helps them more.
            if (random.NextDouble() < (tenureAtStart[i] < 3 ? 0.35 : 0.15)) Complete(id, Mentoring, Window(5, months - 3), i, "completed");
        }
        // Team-by-team rollout: 80% of teams, one month each, spread over the middle of the period.
        var rolloutMonth = teams.Select(_ => random.NextDouble() < 0.8 ? Window(6, months - 3) : -1).ToArray();
        for (var i = 0; i < n; i++)
            if (rolloutMonth[teamOf[i]] >= 0) Complete(employees[i].Id, Rollout, rolloutMonth[teamOf[i]], i, "completed");

        void Complete(string employeeId, string intervention, int m, int i, string status)
        {
            if (m < 0 || m >= months) return;
            completions.Add(new CompletionRow(employeeId, intervention, DayIn(m), status));
            if (Finished.Includes(status)) month[intervention][i] = m;
        }

        var metrics = new List<PerformanceMetric>
        {
            new("csat", "Customer satisfaction", "points", Direction.HigherIsBetter, MetricLevel.Employee, 12, "EUR"),
            new("handle_time", "Average handle time", "minutes", Direction.LowerIsBetter, MetricLevel.Employee, 30, "EUR"),
            new("sales", "Monthly sales", "sales", Direction.HigherIsBetter, MetricLevel.Employee, 45, "EUR"),
            new("error_rate", "Team error rate", "%", Direction.LowerIsBetter, MetricLevel.Team, null, null),
        };
        var owners = new List<(string, string)> { ("csat", "Head of Customer Service"), ("handle_time", "Operations Manager"), ("sales", "Sales Director"), ("error_rate", "Quality Lead") };

        var kpis = new List<KpiRow>();
        bool After(string intervention, int i, int t) => month[intervention][i] >= 0 && t > month[intervention][i];
        double MentoringEffect(int i) => tenureAtStart[i] < 3 ? 4 : 1;
        for (var t = 0; t < months; t++)
        {
            var period = options.Start.AddMonths(t);
            var season = Math.Sin(2 * Math.PI * t / 12);
            for (var i = 0; i < n; i++)
            {
                var id = employees[i].Id;
                var tenure = tenureAtStart[i] + t / 12.0;
                var csat = 72 + 4 * ability[i] + teamEffect[teamOf[i]] + 1.5 * Math.Log(1 + tenure) + 1.5 * season + 3 * Normal()
                           + (After(Mentoring, i, t) ? MentoringEffect(i) : 0);
                var handle = 8 - 0.5 * ability[i] + 0.2 * teamEffect[teamOf[i]] + 0.3 * season + 0.6 * Normal()
                             - (After(Rollout, i, t) ? 0.5 : 0);
                var sales = 40 + 4 * ability[i] + 2 * season + 0.05 * t + 3 * Normal()
                            + (After(Coaching, i, t) ? 6 : 0)
                            - (dip[i] > 0 && t >= dip[i] - 2 && t <= dip[i] ? options.DipSize : 0);
                kpis.Add(new KpiRow("csat", id, period, Math.Round(csat, 2)));
                kpis.Add(new KpiRow("handle_time", id, period, Math.Round(Math.Max(1, handle), 3)));
                kpis.Add(new KpiRow("sales", id, period, Math.Round(Math.Max(0, sales), 1)));
            }
            for (var k = 0; k < teamCount; k++)
            {
                var treated = rolloutMonth[k] >= 0 && t > rolloutMonth[k];
                var error = 5 + 0.5 * teamEffect[k] + 0.2 * season + 0.3 * Normal() - (treated ? 0.8 : 0);
                kpis.Add(new KpiRow("error_rate", teams[k], period, Math.Round(error, 3)));
            }
        }

        var survey = new List<SurveyResponse>();
        for (var q = 0; q * 3 < months; q++)
        {
            var date = options.Start.AddMonths(q * 3 + 2).AddDays(10);
            for (var i = 0; i < n; i++)
            {
                if (random.NextDouble() > 0.6) continue;
                var mood = 0.3 * teamEffect[teamOf[i]] + Normal();
                var items = Enumerable.Range(0, 5).Select(_ => Math.Clamp((int)Math.Round(3.6 + 0.7 * mood + 0.6 * Normal()), 1, 5)).ToArray();
                var enps = Math.Clamp((int)Math.Round(7 + 1.5 * mood + Normal()), 0, 10);
                survey.Add(new SurveyResponse(random.NextDouble() < 0.2 ? null : employees[i].Id, employees[i].TeamId!, date, items, enps));
            }
        }

        var org = new Organisation(employees, new Dictionary<string, bool> { ["grade"] = true, ["shift"] = false },
            interventions, completions, metrics, kpis);
        return new Result(org, survey, Truth(month, MentoringEffect), owners);
    }

    List<PlantedEffect> Truth(Dictionary<string, int[]> month, Func<int, double> mentoringEffect)
    {
        var mentored = Enumerable.Range(0, options.Employees).Where(i => month[Mentoring][i] >= 0).ToList();
        var mentoringAtt = mentored.Count == 0 ? 0 : Math.Round(mentored.Average(mentoringEffect), 3);
        var effects = new List<PlantedEffect>();
        foreach (var metric in new[] { "csat", "handle_time", "sales" })
            effects.Add(new(Masterclass, metric, 0, "no_detectable_effect", "High performers opt in; the course does nothing. The naive completers-vs-others gap is large."));
        effects.Add(new(Coaching, "sales", 6, "improved", "Managers refer people after two bad months (an Ashenfelter dip); coaching adds 6 sales a month."));
        effects.Add(new(Coaching, "csat", 0, "no_detectable_effect", "Coaching targets sales only."));
        foreach (var metric in new[] { "csat", "handle_time", "sales" })
            effects.Add(new(Compliance, metric, 0, "insufficient_data", "Mandatory: 96% complete within two months, so nobody comparable is left."));
        effects.Add(new(Rollout, "handle_time", -0.5, "improved", "Rolled out team by team (staggered); handle time falls by 0.5 minutes — lower is better."));
        effects.Add(new(Rollout, "error_rate", -0.8, "improved", "Team-level metric: the team error rate falls by 0.8 points after the team's rollout."));
        effects.Add(new(Mentoring, "csat", mentoringAtt, "improved", "Newer people opt in more; +4 points for people with under 3 years' tenure, +1 for the rest."));
        effects.Add(new(Mentoring, "sales", 0, "no_detectable_effect", "Mentoring does not move sales."));
        return effects;
    }

    double Normal()
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
