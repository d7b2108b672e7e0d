using Impact.Models.Estimation;
using Impact.Models.Panels;
using Impact.Models.Simulation;

namespace Impact.Tests.Models.Estimation;

/// <summary>
/// Standard errors against a brute-force cluster bootstrap, on staggered stacks where a comparison person
/// serves several cohorts and teammates share a shock each month; and the choice of cluster level.
/// </summary>
public sealed class ClusteredInferenceTests
{
    const int Periods = 12;

    /// <summary>
    /// 600 people in <paramref name="teams"/> teams; whole teams complete at month 4, 6 or 8 (a quarter of
    /// the teams each) or never, so never-treated and later teams serve several cohorts. Each team has a
    /// shared shock every month.
    /// </summary>
    static Stack Staggered(int teams, int seed)
    {
        var random = new Random(seed);
        var shock = new double[teams, Periods];
        for (var k = 0; k < teams; k++)
            for (var t = 0; t < Periods; t++) shock[k, t] = 0.8 * SyntheticPanels.Gaussian(random);
        var draws = Enumerable.Range(0, 600 * Periods).Select(_ => SyntheticPanels.Gaussian(random)).ToArray();
        int Team(int u) => u % teams;
        int? FirstPost(int u) => (Team(u) % 4) switch { 0 => 4, 1 => 6, 2 => 8, _ => null };
        var panel = SyntheticPanels.Make(600, Periods, (u, t) => u % 5 + shock[Team(u), t] + draws[u * Periods + t] +
            (FirstPost(u) is { } p && t >= p ? 1 : 0), FirstPost, u => $"T{Team(u):00}");
        var stack = StackBuilder.Build(panel, "course", 3, 2, 0, new EstimateOptions(), features: false);
        return stack.ClusteredBy(Clustering.ByTeam(panel, "test"));
    }

    static double PostPeriods(Stack stack, int c) => stack.Cohorts[c].PostEnd - stack.Cohorts[c].PostStart;

    /// <summary>
    /// DiD with each cluster counted <paramref name="times"/>[g] times: the estimator written out row by row.
    /// </summary>
    static double Weighted(Stack stack, int[] times)
    {
        var k = stack.Cohorts.Count;
        double[] n1 = new double[k], s1 = new double[k], n0 = new double[k], s0 = new double[k];
        for (var i = 0; i < stack.Rows; i++)
        {
            if (!stack.InHeadline(i)) continue;
            var m = times[stack.ClusterOfRow(i)];
            var c = stack.CohortOf[i];
            if (stack.Treated[i]) { n1[c] += m; s1[c] += m * stack.Delta(i); }
            else { n0[c] += m; s0[c] += m * stack.Delta(i); }
        }
        double total = 0, value = 0;
        for (var c = 0; c < k; c++)
        {
            if (n1[c] == 0 || n0[c] == 0) continue;
            var share = n1[c] * PostPeriods(stack, c);
            total += share;
            value += share * (s1[c] / n1[c] - s0[c] / n0[c]);
        }
        return value / total;
    }

    static double BootstrapSd(Stack stack, int draws, int seed)
    {
        var random = new Random(seed);
        var g = stack.Clustering.Count;
        var estimates = new double[draws];
        for (var b = 0; b < draws; b++)
        {
            var times = new int[g];
            for (var j = 0; j < g; j++) times[random.Next(g)]++;
            estimates[b] = Weighted(stack, times);
        }
        var mean = estimates.Average();
        return Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / (draws - 1));
    }

    [Test]
    public void The_influence_function_of_a_multi_cohort_stack_matches_a_brute_force_cluster_bootstrap()
    {
        var stack = Staggered(teams: 300, seed: 3);
        var did = Att.Estimate(stack, stack.Delta, _ => 1, stack.InHeadline, cohortWeight: c => PostPeriods(stack, c));
        var ones = Enumerable.Repeat(1, stack.Clustering.Count).ToArray();
        var bootstrap = BootstrapSd(stack, 1000, 11);
        TestContext.Out.WriteLine(
            $"estimate {did.Value:0.####} (by hand {Weighted(stack, ones):0.####}), " +
            $"influence SE {did.StdError:0.####}, bootstrap SD {bootstrap:0.####}, {did.Clusters} teams, " +
            $"{stack.Cohorts.Count} cohorts");

        Assert.That(stack.Cohorts, Has.Count.EqualTo(3));
        Assert.That(did.Value, Is.EqualTo(Weighted(stack, ones)).Within(1e-9), "the estimator written out by hand");
        Assert.That(did.Clusters, Is.EqualTo(300), "past 200 clusters the influence function, not the jackknife");
        Assert.That(did.StdError, Is.EqualTo(bootstrap).Within(0.1 * bootstrap));
    }

    [Test]
    public void With_few_teams_the_jackknife_is_no_smaller_than_the_bootstrap()
    {
        // Twenty teams, five of them never treated: the influence-function variance is too small here.
        var stack = Staggered(teams: 20, seed: 5);
        var did = Att.Estimate(stack, stack.Delta, _ => 1, stack.InHeadline, cohortWeight: c => PostPeriods(stack, c));
        var bootstrap = BootstrapSd(stack, 1000, 12);
        TestContext.Out.WriteLine($"jackknife SE {did.StdError:0.####}, bootstrap SD {bootstrap:0.####}");
        Assert.That(did.StdError, Is.InRange(0.9 * bootstrap, 1.8 * bootstrap));
    }

    [Test]
    public void Completion_decided_by_team_clusters_by_team_and_completion_by_person_does_not()
    {
        var sim = new OrganisationSimulator(new SimulationOptions { Employees = 800, Seed = 4 }).Run();
        Clustering Chosen(string intervention, string metric, ClusterChoice choice = ClusterChoice.Auto)
        {
            var panel = PanelBuilder.Build(sim.Organisation, sim.Organisation.Metrics.Single(m => m.Id == metric));
            return Clustering.Choose(
                StackBuilder.Build(panel, intervention, 6, 3, 0, new EstimateOptions(), features: false), choice);
        }
        var rollout = Chosen(OrganisationSimulator.Rollout, "handle_time");
        Assert.That(rollout.Level, Is.EqualTo(Clustering.Team), rollout.Reason);
        Assert.That(rollout.Count, Is.EqualTo(20));
        Assert.That(Chosen(OrganisationSimulator.Masterclass, "handle_time").Level, Is.EqualTo(Clustering.Employee));
        Assert.That(Chosen(OrganisationSimulator.Rollout, "handle_time", ClusterChoice.Employee).Level,
            Is.EqualTo(Clustering.Employee));
        Assert.That(Chosen(OrganisationSimulator.Masterclass, "handle_time", ClusterChoice.Team).Level,
            Is.EqualTo(Clustering.Team));
        var teams = Chosen(OrganisationSimulator.Rollout, "error_rate");
        Assert.That((teams.Level, teams.Count), Is.EqualTo((Clustering.Team, 20)), "a team metric's units are teams");
    }

    [Test]
    public void A_partly_treated_team_is_not_a_comparison_team()
    {
        var start = new DateOnly(2024, 1, 1);
        var employees = Enumerable.Range(0, 12).Select(i => new EmployeeRow($"E{i}", $"T{i / 4}", "agent", null, null,
            new Dictionary<string, string?>())).ToList();
        // T0: three of four finish in month 6 (treated); T1: one of four finishes in month 2 (partly); T2: nobody.
        var completions = new[] { 0, 1, 2 }
            .Select(i => new CompletionRow($"E{i}", "course", start.AddMonths(6).AddDays(3), "completed"))
            .Append(new CompletionRow("E4", "course", start.AddMonths(2).AddDays(3), "completed")).ToList();
        var metric = new Impact.Models.Outcomes.PerformanceMetric("errors", "Errors", "%",
            Impact.Models.Outcomes.Direction.LowerIsBetter, Impact.Models.Outcomes.MetricLevel.Team, null, null);
        var kpis = Enumerable.Range(0, 3)
            .SelectMany(k => Enumerable.Range(0, 12)
                .Select(t => new KpiRow("errors", $"T{k}", start.AddMonths(t), k + t)))
            .ToList();
        var org = new Organisation(employees, new Dictionary<string, bool>(),
            [new InterventionRow("course", "Course", "training", null, null)], completions, [metric], kpis);
        var stack = StackBuilder.Build(
            PanelBuilder.Build(org, metric), "course", 3, 2, 0, new EstimateOptions(), features: false);

        var controls = Enumerable.Range(0, stack.Rows).Where(i => !stack.Treated[i])
            .Select(i => stack.Panel.UnitIds[stack.Unit[i]]).ToList();
        Assert.That(Enumerable.Range(0, stack.Rows).Where(i => stack.Treated[i])
            .Select(i => stack.Panel.UnitIds[stack.Unit[i]]), Is.EqualTo(new[] { "T0" }));
        Assert.That(controls, Is.EqualTo(new[] { "T2" }), "T1 had a member through the course before T0 did");
    }
}
