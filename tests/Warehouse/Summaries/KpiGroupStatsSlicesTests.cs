using Dapper;
using Impact.Tests.Infrastructure;
using Impact.Warehouse;
using Impact.Warehouse.Summaries;
using static Impact.Tests.Ingest.IngestTestKit;
using static Impact.Tests.Warehouse.Summaries.KpiGroupStatsTests;

namespace Impact.Tests.Warehouse.Summaries;

/// <summary>
/// The refresh of the KPI sums per team, role and location after small ingests (migration 0022): it sums again
/// only the slices the batches and the employee triggers listed, the sums then equal a GROUP BY over the rows,
/// a slice nobody listed is left as it was, and it sums every row when the lists cannot be trusted or are large.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Fixtures))]
public sealed class KpiGroupStatsSlicesTests(Engine engine)
{
    static readonly Impact.Ingest.Pipeline.IngestOptions NoRefresh = Quiet with { RefreshSummaries = false };

    [Test]
    public async Task Random_small_ingests_refreshed_slice_by_slice_leave_sums_equal_to_the_group_by()
    {
        var org = await RefreshedOrganisationAsync(seed: 20261202);
        var w = org.Warehouse;
        string[] steps = ["correct", "hire", "move", "killed", "failed", "own", "move"];
        var random = new Random(31);
        foreach (var (step, i) in steps.OrderBy(_ => random.Next()).Select((s, i) => (s, i)))
        {
            var when = $"step {i}: {step}";
            switch (step)
            {
                case "correct": await org.CorrectSliceAsync(NoRefresh); break;
                case "hire": await org.ChangePeopleAsync(hire: 2, move: 0, NoRefresh); break;
                case "move": await org.ChangePeopleAsync(hire: 0, move: 3, NoRefresh); break;
                case "killed":
                    // Runs that committed their batches and ended before their refresh: the next one covers both.
                    await org.CorrectSliceAsync(NoRefresh);
                    await org.ChangePeopleAsync(hire: 1, move: 1, NoRefresh);
                    break;
                case "failed":
                    await org.CorrectSliceAsync(NoRefresh);
                    await org.ChangePeopleAsync(hire: 0, move: 1, NoRefresh);
                    Assert.That(async () => await KpiGroupStats.RefreshAsync(w, CancellationToken.None,
                        _ => throw new InvalidOperationException("failed before the commit"), slicesUpTo: Always),
                        Throws.InvalidOperationException, when);
                    Assert.That(await IsFreshAsync(w), Is.False, when);
                    break;
                case "own":
                    // The ingest's own refresh at its end.
                    await org.CorrectSliceAsync(Quiet);
                    Assert.That(await IsFreshAsync(w), Is.True, when);
                    await AssertSumsMatchRowsAsync(w, when);
                    continue;
            }
            Assert.That(await IsFreshAsync(w), Is.False, when);
            Assert.That(await KpiGroupStats.RefreshAsync(w, CancellationToken.None, whenStale: true,
                slicesUpTo: Always), Is.EqualTo(GroupStatsRefresh.Slices), when);
            Assert.That(await IsFreshAsync(w), Is.True, when);
            await AssertSumsMatchRowsAsync(w, when);
            Assert.That(await CountAsync(w, "SELECT COUNT(*) FROM kpi_group_stats_touched") +
                await CountAsync(w, "SELECT COUNT(*) FROM kpi_group_stats_moved"), Is.Zero, $"{when}: lists emptied");
        }
    }

    [Test]
    public async Task A_refresh_by_slices_rewrites_the_listed_slices_and_leaves_every_other_as_it_was()
    {
        var org = await RefreshedOrganisationAsync(seed: 41);
        var w = org.Warehouse;
        var (metric, period) = await org.CorrectSliceAsync(NoRefresh);
        var elsewhere = await SpoilOneGroupAsync(w, $"period_start <> '{period}'");
        // Mended by the refresh, or the sums below would not match.
        await SpoilOneGroupAsync(w, $"metric_id = '{metric}' AND period_start = '{period}'");

        Assert.That(await KpiGroupStats.RefreshAsync(w, CancellationToken.None, whenStale: true,
            slicesUpTo: Always), Is.EqualTo(GroupStatsRefresh.Slices));

        Assert.That(await TotalOfAsync(w, elsewhere), Is.EqualTo(elsewhere.Total + Spoil).Within(1e-6),
            "a slice nobody listed is not read again");
        await MendAsync(w, elsewhere);
        await AssertSumsMatchRowsAsync(w, $"once the untouched slice is mended by hand ({metric} {period} listed)");

        // A move lists the groups the people left and joined, not the others.
        await org.ChangePeopleAsync(hire: 0, move: 1, NoRefresh);
        elsewhere = await SpoilOneGroupAsync(w, """
            NOT EXISTS (SELECT 1 FROM kpi_group_stats_moved g WHERE COALESCE(g.team_id, '') = COALESCE(s.team_id, ''))
            """);
        Assert.That(await KpiGroupStats.RefreshAsync(w, CancellationToken.None, whenStale: true,
            slicesUpTo: Always), Is.EqualTo(GroupStatsRefresh.Slices));
        Assert.That(await TotalOfAsync(w, elsewhere), Is.EqualTo(elsewhere.Total + Spoil).Within(1e-6));
        await MendAsync(w, elsewhere);
        await AssertSumsMatchRowsAsync(w, "after the move, once the untouched group is mended by hand");
    }

    [Test]
    public async Task The_refresh_sums_every_row_when_a_change_was_not_listed_or_the_listed_slices_are_many()
    {
        var org = await RefreshedOrganisationAsync(seed: 43);
        var w = org.Warehouse;

        // A hand-written deletion moves the KPI count by what no ingest stored: nothing of it was listed.
        await org.CorrectSliceAsync(NoRefresh);
        var spoiled = await SpoilOneGroupAsync(w, "1 = 1");
        await org.ExecuteAsync("DELETE FROM kpi_observations WHERE subject_id = 'E2'");
        Assert.That(await KpiGroupStats.RefreshAsync(w, CancellationToken.None, whenStale: true,
            slicesUpTo: Always), Is.EqualTo(GroupStatsRefresh.Whole));
        Assert.That(await TotalOfAsync(w, spoiled), Is.Not.EqualTo(spoiled.Total + Spoil), "every slice rewritten");
        await AssertSumsMatchRowsAsync(w, "after the hand deletion");

        // So does a person written by hand.
        await org.ExecuteAsync("INSERT INTO employees (employee_id, team_id) VALUES ('E1000', 'T9')");
        Assert.That(await KpiGroupStats.RefreshIfStaleAsync(w, CancellationToken.None),
            Is.EqualTo(GroupStatsRefresh.Whole));

        // A whole round of files lists most slices: past the share, every row is read once instead.
        await org.IngestRoundAsync(NoRefresh);
        Assert.That(await KpiGroupStats.RefreshAsync(w, CancellationToken.None, whenStale: true, slicesUpTo: 0.5),
            Is.EqualTo(GroupStatsRefresh.Whole));
        await AssertSumsMatchRowsAsync(w, "after the round");

        // And an upgrade that found the sums stale could not have listed what made them so.
        await org.ChangePeopleAsync(hire: 0, move: 1, NoRefresh);
        await org.ExecuteAsync("UPDATE kpi_group_stats_version SET tracked = 0");
        Assert.That(await KpiGroupStats.RefreshAsync(w, CancellationToken.None, whenStale: true,
            slicesUpTo: Always), Is.EqualTo(GroupStatsRefresh.Whole));
        await AssertSumsMatchRowsAsync(w, "after the untracked change");
    }

    const double Always = double.MaxValue;
    const double Spoil = 1000;

    async Task<MovingOrganisation> RefreshedOrganisationAsync(int seed)
    {
        var org = new MovingOrganisation(await WithMetricsAsync(engine), seed);
        await org.IngestRoundAsync();
        Assert.That(await IsFreshAsync(org.Warehouse), Is.True);
        return org;
    }

    sealed record GroupRow(string Metric, string? Team, string? Role, string? Location, string Period, double Total);

    /// <summary>Adds <see cref="Spoil"/> to the total of one group row matching the condition (on
    /// <c>s</c>); the row as it was.</summary>
    static async Task<GroupRow> SpoilOneGroupAsync(Database w, string condition)
    {
        await using var db = await w.OpenAsync(CancellationToken.None);
        var row = (await db.QueryAsync<GroupRow>($"""
            SELECT metric_id AS Metric, team_id AS Team, role AS Role, location AS Location, period_start AS Period,
                   total AS Total
            FROM kpi_group_stats s WHERE {condition}
            ORDER BY metric_id, team_id, role, location, period_start
            """)).First(); // conditions are this test's constants
        await db.ExecuteAsync($"UPDATE kpi_group_stats SET total = total + {Spoil} WHERE {Matches}", row);
        return row;
    }

    static async Task MendAsync(Database w, GroupRow row)
    {
        await using var db = await w.OpenAsync(CancellationToken.None);
        await db.ExecuteAsync($"UPDATE kpi_group_stats SET total = total - {Spoil} WHERE {Matches}", row);
    }

    /// <summary>The row's total now; null when the row is gone.</summary>
    static async Task<double?> TotalOfAsync(Database w, GroupRow row)
    {
        await using var db = await w.OpenAsync(CancellationToken.None);
        return await db.QuerySingleOrDefaultAsync<double?>($"SELECT total FROM kpi_group_stats WHERE {Matches}", row);
    }

    const string Matches = """
        metric_id = @Metric AND period_start = @Period AND COALESCE(team_id, '') = COALESCE(@Team, '')
        AND COALESCE(role, '') = COALESCE(@Role, '') AND COALESCE(location, '') = COALESCE(@Location, '')
        """;

    static async Task<long> CountAsync(Database w, string sql)
    {
        await using var db = await w.OpenAsync(CancellationToken.None);
        return await db.ExecuteScalarAsync<long>(sql);
    }
}
