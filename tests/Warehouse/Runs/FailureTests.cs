using Impact.Warehouse;
using Impact.Warehouse.Runs;
using Microsoft.Data.Sqlite;

namespace Impact.Tests.Warehouse.Runs;

public sealed class FailureTests
{
    [Test]
    public void Every_failure_is_explained_in_one_line_ending_with_a_full_stop()
    {
        Exception[] failures =
        [
            new ImpactException("The file x.csv does not exist."),
            new SqliteException("SQLite Error 5: 'database is locked'.\nmore", 5),
            new SqliteException("SQLite Error 19: 'boom'.", 19),
            new HttpRequestException("Connection refused (127.0.0.1:1)"),
            new IOException("The response ended prematurely"),
            new InvalidOperationException("Sequence contains\r\nno elements"),
            new OutOfMemoryException(),
        ];
        foreach (var e in failures)
        {
            var sentence = Failure.Explain(e);
            Assert.That(sentence, Does.Not.Contain('\n').And.Not.Contain('\r').And.EndWith("."), sentence);
            Assert.That(sentence, Does.Not.Contain("   at "));
        }
        Assert.That(Failure.Explain(new SqliteException("SQLite Error 5: 'database is locked'.", 5)),
            Does.StartWith("The SQLite warehouse stayed locked by another process"));
        Assert.That(Failure.Explain(new InvalidOperationException("Sequence contains no elements")),
            Is.EqualTo(
                "An unexpected error stopped the work (InvalidOperationException: Sequence contains no elements)."));
    }

    [Test]
    public void Locks_deadlocks_and_dropped_connections_are_transient_wrong_data_is_not()
    {
        Assert.That(Failure.IsTransient(new SqliteException("busy", 5)), Is.True);
        Assert.That(Failure.IsTransient(new SqliteException("locked", 6)), Is.True);
        Assert.That(Failure.IsTransient(new SqliteException("constraint", 19)), Is.False);
        var dropped = new Npgsql.NpgsqlException("Exception while reading from stream", new IOException("reset"));
        Assert.That(Failure.IsTransient(dropped), Is.True);
        Assert.That(Failure.IsTransient(new InvalidOperationException("x", new TimeoutException())), Is.True);
        Assert.That(Failure.IsTransient(new ImpactException("bad file")), Is.False);
        Assert.That(Failure.IsTransient(new FormatException()), Is.False);
    }

    [Test]
    public void The_pause_between_retries_doubles_from_the_first_and_is_at_most_a_minute()
    {
        var policy = RetryPolicy.Default;
        Assert.That(Enumerable.Range(1, 4).Select(policy.PauseBefore),
            Is.EqualTo(new[] { 1, 2, 4, 8 }.Select(s => TimeSpan.FromSeconds(s))));
        Assert.That(policy.PauseBefore(30), Is.EqualTo(TimeSpan.FromMinutes(1)));
    }
}
