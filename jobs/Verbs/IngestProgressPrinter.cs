using Impact.Ingest.Pipeline;

namespace Impact.Jobs.Verbs;

/// <summary>
/// Ingest progress on stderr: a live line with rows/s rewritten in place on a terminal, and a plain
/// log line every 10 seconds when output goes to a file or a job log (no control characters there).
/// </summary>
public static class IngestProgressPrinter
{
    static bool drawn;

    public static Action<IngestProgress> Create()
    {
        var live = !Console.IsErrorRedirected;
        var next = TimeSpan.FromSeconds(10);
        return p =>
        {
            var line = $"{p.Source}: {p.Read:N0} rows read, {p.Rejected:N0} rejected, {p.RowsPerSecond:N0} rows/s";
            if (live)
            {
                Console.Error.Write($"\r{line}   ");
                drawn = true;
            }
            else if (p.Elapsed >= next)
            {
                next = p.Elapsed + TimeSpan.FromSeconds(10);
                Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");
            }
        };
    }

    /// <summary>Ends the live line before the summary is printed.</summary>
    public static void Clear()
    {
        if (!drawn) return;
        Console.Error.WriteLine();
        drawn = false;
    }
}
