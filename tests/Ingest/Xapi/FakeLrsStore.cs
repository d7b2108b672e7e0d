using System.Globalization;
using System.Text.Json.Nodes;
using Impact.Ingest.Xapi;

namespace Impact.Tests.Ingest.Xapi;

/// <summary>Where a statements query or a <c>more</c> link stands: after which statement, how many per page.</summary>
sealed record Cursor(
    DateTimeOffset? Since, int Limit, (DateTimeOffset Stored, long Sequence)? After, bool Inclusive, string? Token);

sealed record StoredStatement(JsonObject Json, DateTimeOffset Stored, long Sequence, string? Id)
{
    public bool Committed { get; set; }

    /// <summary>The LRS's order: stored time, then arrival (statements of one batch share a stored time).</summary>
    public (DateTimeOffset Stored, long Sequence) Key => (Stored, Sequence);

    /// <summary>The id of the statement this one voids, if it is a voiding statement.</summary>
    public string? VoidedId =>
        Json["verb"]?["id"]?.GetValue<string>() == VerbMap.Voided
        && Json["object"]?["objectType"]?.GetValue<string>() == "StatementRef"
            ? Json["object"]?["id"]?.GetValue<string>()
            : null;
}

/// <summary>The LRS stand-in's statements, and what a query sees of them.</summary>
sealed class StatementStore
{
    readonly List<StoredStatement> statements = [];
    long sequence;
    DateTimeOffset clock = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    public void Add(JsonObject json, bool committed)
    {
        var stored = json["stored"]?.GetValue<string>()
                     ?? throw new ArgumentException("A statement given to the LRS stand-in needs its stored time.");
        var time = DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture);
        lock (statements)
            statements.Add(new StoredStatement(json, time, ++sequence, json["id"]?.GetValue<string>())
            {
                Committed = committed,
            });
    }

    public string StoreBatch(IEnumerable<JsonObject> batch)
    {
        lock (statements)
        {
            var stored = LrsFeed.Format(clock);
            clock = clock.AddSeconds(1);
            foreach (var json in batch)
            {
                json["stored"] = stored;
                Add(json, committed: true);
            }
            return stored;
        }
    }

    public void Commit(string id)
    {
        lock (statements) statements.Single(s => s.Id == id).Committed = true;
    }

    /// <summary>
    /// One page: committed statements stored after <c>since</c>, oldest first, without those a committed
    /// voiding statement voided (xAPI 1.0.3 Communication §2.1.3); and the consistent-through time.
    /// </summary>
    public (List<StoredStatement> Page, DateTimeOffset ConsistentThrough, bool More) Page(Cursor cursor)
    {
        lock (statements)
        {
            var visible = statements.Where(s => s.Committed).ToList();
            var voided = visible.Select(s => s.VoidedId).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            var matching = visible
                .Where(s => s.Id is null || !voided.Contains(s.Id))
                .Where(s => cursor.Since is null || s.Stored > cursor.Since) // since is exclusive
                .OrderBy(s => s.Key)
                .ToList();
            var rest = cursor.After is not { } after ? matching
                : matching.Where(s => s.Key.CompareTo(after) > 0 || (cursor.Inclusive && s.Key == after)).ToList();
            var page = rest.Take(cursor.Limit).ToList();
            var more = page.Count > 0 && rest.Count > page.Count;
            // Statements stored but not yet committed may still appear with their earlier stored time: the
            // LRS vouches only for what was stored before the first of them.
            var pending = statements.Where(s => !s.Committed).Select(s => (DateTimeOffset?)s.Stored).Min();
            return (page, pending?.AddMilliseconds(-1) ?? DateTimeOffset.UtcNow, more);
        }
    }
}
