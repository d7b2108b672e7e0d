using Impact.Models.Estimation;
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

    public sealed record Result(Organisation Organisation, IReadOnlyList<SurveyResponse> Survey,
        IReadOnlyList<PlantedEffect> Truth, IReadOnlyList<(string Id, string Owner)> MetricOwners);

    /// <summary>Who works where, and the hidden traits that drive both their choices and their results.</summary>
    sealed record People(string[] Teams, double[] TeamEffect, List<EmployeeRow> Employees, double[] Ability,
        double[] TenureAtStart, int[] TeamOf)
    {
        public int Count => Employees.Count;

        /// <summary>Mentoring helps people under 3 years' tenure more: +4 points of csat, +1 for the rest.</summary>
        public double MentoringEffect(int i) => TenureAtStart[i] < 3 ? 4 : 1;
    }

    /// <summary>
    /// Who completed what and when: month of completion per intervention (−1: none), dips, rollouts.
    /// </summary>
    sealed record Plan(List<CompletionRow> Completions, Dictionary<string, int[]> Month, int[] Dip, int[] RolloutMonth)
    {
        public bool After(string intervention, int i, int t) => Month[intervention][i] >= 0
            && t > Month[intervention][i];
    }

    static readonly IReadOnlyList<InterventionRow> Interventions =
    [
        new(Masterclass, "Negotiation masterclass", "training", 900, "EUR"),
        new(Coaching, "Sales coaching", "coaching", 1_200, "EUR"),
        new(Compliance, "Compliance 2024", "elearning", 40, "EUR"),
        new(Rollout, "Quality playbook rollout", "practice", 300, "EUR"),
        new(Mentoring, "Peer mentoring", "mentoring", 600, "EUR"),
    ];

    static readonly IReadOnlyList<PerformanceMetric> Metrics =
    [
        // The owners' smallest meaningful changes: about a third of a person's month-to-month noise.
        new("csat", "Customer satisfaction", "points", Direction.HigherIsBetter, MetricLevel.Employee, 12, "EUR", 1),
        new("handle_time", "Average handle time", "minutes", Direction.LowerIsBetter, MetricLevel.Employee, 30, "EUR",
            0.2),
        new("sales", "Monthly sales", "sales", Direction.HigherIsBetter, MetricLevel.Employee, 45, "EUR", 1),
        new("error_rate", "Team error rate", "%", Direction.LowerIsBetter, MetricLevel.Team, null, null, 0.3),
    ];

    static readonly IReadOnlyList<(string Id, string Owner)> Owners =
    [
        ("csat", "Head of Customer Service"), ("handle_time", "Operations Manager"), ("sales", "Sales Director"),
        ("error_rate", "Quality Lead"),
    ];

    // Each step draws from the one seeded generator in this order; reordering them changes every file.
    public Result Run()
    {
        var people = Hire();
        var plan = Complete(people);
        var kpis = Perform(people, plan);
        var survey = Survey(people);
        var org = new Organisation(people.Employees,
            new Dictionary<string, bool> { ["grade"] = true, ["shift"] = false },
            Interventions.ToList(), plan.Completions, Metrics.ToList(), kpis);
        return new Result(org, survey, Truth(plan.Month, people.MentoringEffect), Owners.ToList());
    }

    People Hire()
    {
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
            var role = tenureAtStart[i] > 6 && random.NextDouble() < 0.4 ? "team_lead"
                : tenureAtStart[i] > 2 ? "senior_agent" : "agent";
            var hire = options.Start.AddDays(-(int)(tenureAtStart[i] * 365.25));
            var grade = Math.Clamp((int)Math.Round(2 + tenureAtStart[i] / 3 + 0.5 * Normal()), 1, 5);
            employees.Add(new EmployeeRow($"E{i + 1:00000}", teams[teamOf[i]], role, hire,
                locations[teamOf[i] % locations.Length],
                new Dictionary<string, string?>
                {
                    ["grade"] = grade.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["shift"] = random.NextDouble() < 0.3 ? "night" : "day",
                }));
        }
        return new People(teams, teamEffect, employees, ability, tenureAtStart, teamOf);
    }

    Plan Complete(People people)
    {
        var months = options.Months;
        var n = people.Count;
        var completions = new List<CompletionRow>();
        var month = Interventions.ToDictionary(iv => iv.Id, _ => Enumerable.Repeat(-1, n).ToArray());
        var dip = new int[n];
        // Never on the 1st: the month of completion is then partly before, partly after, as in most real data.
        DateOnly DayIn(int m) => options.Start.AddMonths(m).AddDays(random.Next(1, 28));
        int Window(int from, int toExclusive) =>
            random.Next(Math.Min(from, months - 1), Math.Max(from + 1, toExclusive));
        void Record(string employeeId, string intervention, int m, int i, string status)
        {
            if (m < 0 || m >= months) return;
            completions.Add(new CompletionRow(employeeId, intervention, DayIn(m), status));
            if (Finished.Includes(status)) month[intervention][i] = m;
        }

        for (var i = 0; i < n; i++)
        {
            var id = people.Employees[i].Id;
            // High performers opt in to the masterclass; it does nothing for anyone.
            if (random.NextDouble() < Logistic(1.6 * people.Ability[i] - 1.6))
                Record(id, Masterclass, Window(4, months - 3), i, random.NextDouble() < 0.06 ? "enrolled"
                    : "completed");
            // Managers refer people to coaching after two bad months of sales.
            if (random.NextDouble() < 0.14)
            {
                var m = Window(9, months - 3);
                dip[i] = m;
                Record(id, Coaching, m, i, "completed");
            }
            // Mandatory: 96% finish within two months of launch.
            if (random.NextDouble() < 0.96)
                Record(id, Compliance, Window(2, 4), i, random.NextDouble() < 0.5 ? "passed" : "completed");
            else if (random.NextDouble() < 0.5) Record(id, Compliance, Window(2, 4), i, "failed");
            // Mentoring: newer people more often; helps them more.
            if (random.NextDouble() < (people.TenureAtStart[i] < 3 ? 0.35 : 0.15))
                Record(id, Mentoring, Window(5, months - 3), i, "completed");
        }
        // Rollout: 80% of teams, one month each, spread over the middle of the period (or, when assigned
        // person by person, 80% of people, each in a month of their own).
        var rolloutMonth = people.Teams.Select(_ => random.NextDouble() < 0.8 ? Window(6, months - 3) : -1).ToArray();
        for (var i = 0; i < n; i++)
        {
            var m = options.Rollout == RolloutAssignment.Team ? rolloutMonth[people.TeamOf[i]]
                : random.NextDouble() < 0.8 ? Window(6, months - 3) : -1;
            if (m >= 0) Record(people.Employees[i].Id, Rollout, m, i, "completed");
        }
        return new Plan(completions, month, dip, rolloutMonth);
    }

    /// <summary>Monthly KPIs: ability, team, tenure, season and noise, plus the planted effects and the sales
    /// dip.</summary>
    List<KpiRow> Perform(People people, Plan plan)
    {
        var kpis = new List<KpiRow>();
        var shocks = new TeamShocks(options, people.Teams.Length);
        for (var t = 0; t < options.Months; t++)
        {
            var period = options.Start.AddMonths(t);
            var season = Math.Sin(2 * Math.PI * t / 12);
            var shock = shocks.Month();
            for (var i = 0; i < people.Count; i++)
            {
                var id = people.Employees[i].Id;
                var ability = people.Ability[i];
                var k = people.TeamOf[i];
                var team = people.TeamEffect[k];
                var tenure = people.TenureAtStart[i] + t / 12.0;
                var csat = 72 + 4 * ability + team + 1.5 * Math.Log(1 + tenure) + 1.5 * season
                           + 3 * (Normal() + shock[0, k])
                           + (plan.After(Mentoring, i, t) ? people.MentoringEffect(i) : 0);
                var handle = 8 - 0.5 * ability + 0.2 * team + 0.3 * season + 0.6 * (Normal() + shock[1, k])
                             - (plan.After(Rollout, i, t) ? 0.5 : 0);
                var dip = plan.Dip[i];
                var sales = 40 + 4 * ability + 2 * season + 0.05 * t + 3 * (Normal() + shock[2, k])
                            + (plan.After(Coaching, i, t) ? 6 : 0)
                            - (dip > 0 && t >= dip - 2 && t <= dip ? options.DipSize : 0);
                kpis.Add(new KpiRow("csat", id, period, Math.Round(csat, 2)));
                kpis.Add(new KpiRow("handle_time", id, period, Math.Round(Math.Max(1, handle), 3)));
                kpis.Add(new KpiRow("sales", id, period, Math.Round(Math.Max(0, sales), 1)));
            }
            for (var k = 0; k < people.Teams.Length; k++)
            {
                var treated = plan.RolloutMonth[k] >= 0 && t > plan.RolloutMonth[k];
                var error = 5 + 0.5 * people.TeamEffect[k] + 0.2 * season + 0.3 * (Normal() + shock[3, k])
                            - (treated ? 0.8 : 0);
                kpis.Add(new KpiRow("error_rate", people.Teams[k], period, Math.Round(error, 3)));
            }
        }
        return kpis;
    }

    /// <summary>A quarterly engagement survey: mood follows the team a little, and nothing causal.</summary>
    List<SurveyResponse> Survey(People people)
    {
        var survey = new List<SurveyResponse>();
        for (var q = 0; q * 3 < options.Months; q++)
        {
            var date = options.Start.AddMonths(q * 3 + 2).AddDays(10);
            for (var i = 0; i < people.Count; i++)
            {
                if (random.NextDouble() > 0.6) continue;
                var mood = 0.3 * people.TeamEffect[people.TeamOf[i]] + Normal();
                var items = Enumerable.Range(0, 5)
                    .Select(_ => Math.Clamp((int)Math.Round(3.6 + 0.7 * mood + 0.6 * Normal()), 1, 5)).ToArray();
                var enps = Math.Clamp((int)Math.Round(7 + 1.5 * mood + Normal()), 0, 10);
                var employee = people.Employees[i];
                survey.Add(new SurveyResponse(random.NextDouble() < 0.2 ? null : employee.Id, employee.TeamId!, date,
                    items, enps));
            }
        }
        return survey;
    }

    List<PlantedEffect> Truth(Dictionary<string, int[]> month, Func<int, double> mentoringEffect)
    {
        var mentored = Enumerable.Range(0, options.Employees).Where(i => month[Mentoring][i] >= 0).ToList();
        var mentoringAtt = mentored.Count == 0 ? 0 : Math.Round(mentored.Average(mentoringEffect), 3);
        var effects = new List<PlantedEffect>();
        foreach (var metric in new[] { "csat", "handle_time", "sales" })
            effects.Add(new(Masterclass, metric, 0, Verdicts.NoMeaningfulEffect,
                "High performers opt in; the course does nothing. The naive completers-vs-others gap is large."));
        effects.Add(new(Coaching, "sales", 6, Verdicts.Improved,
            "Managers refer people after two bad months (an Ashenfelter dip); coaching adds 6 sales a month."));
        effects.Add(new(Coaching, "csat", 0, Verdicts.NoMeaningfulEffect, "Coaching targets sales only."));
        foreach (var metric in new[] { "csat", "handle_time", "sales" })
            effects.Add(new(Compliance, metric, 0, Verdicts.Insufficient,
                "Mandatory: 96% complete within two months, so nobody comparable is left."));
        var rollout = options.Rollout == RolloutAssignment.Team
            ? "Rolled out team by team (staggered)"
            : "Rolled out person by person (staggered)";
        effects.Add(new(Rollout, "handle_time", -0.5, Verdicts.Improved,
            $"{rollout}; handle time falls by 0.5 minutes — lower is better."));
        effects.Add(new(Rollout, "error_rate", -0.8, Verdicts.Improved,
            "Team-level metric: the team error rate falls by 0.8 points after the team's rollout."));
        foreach (var metric in new[] { "csat", "sales" })
            effects.Add(new(Rollout, metric, 0, Verdicts.NoMeaningfulEffect,
                "The playbook is about handling time and errors; it does nothing else."));
        effects.Add(new(Mentoring, "csat", mentoringAtt, Verdicts.Improved,
            "Newer people opt in more; +4 points for people with under 3 years' tenure, +1 for the rest."));
        effects.Add(new(Mentoring, "sales", 0, Verdicts.NoMeaningfulEffect, "Mentoring does not move sales."));
        return effects;
    }

    /// <summary>
    /// Team × month shocks, one per metric (a bad month in sales need not be one in csat), in units of each
    /// metric's individual noise. Drawn from their own seeded stream, so turning them on or off leaves
    /// everything else about the organisation as it was.
    /// </summary>
    sealed class TeamShocks(SimulationOptions options, int teams)
    {
        const int Metrics = 4;
        readonly Random random = new(options.Seed + 7919);
        readonly double[,] month = new double[Metrics, teams];

        public double[,] Month()
        {
            if (options.TeamShock <= 0) return month;
            for (var m = 0; m < Metrics; m++)
                for (var k = 0; k < teams; k++) month[m, k] = options.TeamShock * Gaussian(random);
            return month;
        }
    }

    double Normal() => Gaussian(random);

    static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
}
