using System.Data.Common;
using Impact.Warehouse;

namespace Impact.Ingest.Pipeline;

/// <summary>What a source gets for one run: the connection, the run's id, options and a place for notes.</summary>
public sealed class IngestContext(Database warehouse, DbConnection connection, long runId, IngestOptions options,
    Pseudonymizer pseudonymizer, FileFacts? file)
{
    public Database Warehouse { get; } = warehouse;
    public Dialect Dialect => Warehouse.Dialect;
    /// <summary>
    /// The run's connection. Replaced by a new one when a transient fault broke it (the batch is then
    /// written again), so read it when it is needed rather than keeping it.
    /// </summary>
    public DbConnection Connection { get; internal set; } = connection;
    public long RunId { get; } = runId;
    public IngestOptions Options { get; } = options;
    public Pseudonymizer Pseudonymizer { get; } = pseudonymizer;

    /// <summary>Facts from the pre-read of a file input (delimiter, hash); null for other inputs.</summary>
    public FileFacts? File { get; } = file;

    /// <summary>Things the user should know that are not rejections ("12 rows name employees not in the warehouse
    /// yet").</summary>
    public List<string> Notes { get; } = [];
}
