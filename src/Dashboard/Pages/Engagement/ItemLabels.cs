using System.Data.Common;
using Dapper;
using Impact.Dashboard.Display;

namespace Impact.Dashboard.Pages.Engagement;

/// <summary>
/// What a reader sees for a survey item: the question from <c>survey_items</c> when one was ingested, else the
/// column name in words ("feel_valued" reads "Feel valued"; a Glint column already is its question).
/// </summary>
public sealed class ItemLabels(IReadOnlyDictionary<string, string> questions)
{
    public static readonly ItemLabels None = new(new Dictionary<string, string>());

    public string Of(string item) => questions.TryGetValue(item, out var q) ? q : Format.Words(item);

    public static async Task<ItemLabels> ReadAsync(DbConnection db, CancellationToken ct) =>
        new((await db.QueryAsync<(string Item, string Question)>(new CommandDefinition(
                "SELECT item, question FROM survey_items", cancellationToken: ct)))
            .ToDictionary(r => r.Item, r => r.Question, StringComparer.Ordinal));
}
