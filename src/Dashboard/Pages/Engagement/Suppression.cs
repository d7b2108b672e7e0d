using Impact.Warehouse.Surveys;

namespace Impact.Dashboard.Pages.Engagement;

/// <summary>
/// Complementary suppression, as survey vendors do it. A group below the minimum is hidden; but when its
/// parent's total is shown somewhere (the organisation on the summary page, the team on the unfiltered page),
/// the parent minus the visible groups would give the hidden group back. So the hidden groups of a parent must
/// together reach the minimum: if they do not, the smallest visible group is hidden as well.
/// </summary>
public static class Suppression
{
    /// <param name="counts">Answers per group of one parent, in one column (responses, eNPS or an item).</param>
    /// <param name="alreadyHidden">Groups hidden for another reason (their row, their parent): counted as hidden.
    /// </param>
    public static bool[] Hide(IReadOnlyList<long> counts, GroupSizeRule rule, IReadOnlyList<bool>? alreadyHidden = null)
    {
        var hidden = counts.Select((n, i) => alreadyHidden?[i] == true || n > 0 && !rule.Shows(n)).ToArray();
        while (true)
        {
            var hiddenAnswers = counts.Where((_, i) => hidden[i]).Sum();
            if (hiddenAnswers == 0 || rule.Shows(hiddenAnswers)) return hidden;
            var smallest = Enumerable.Range(0, counts.Count).Where(i => !hidden[i] && counts[i] > 0)
                .OrderBy(i => counts[i]).Cast<int?>().FirstOrDefault();
            if (smallest is not { } next) return hidden;
            hidden[next] = true;
        }
    }
}
