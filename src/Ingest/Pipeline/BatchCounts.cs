namespace Impact.Ingest.Pipeline;

/// <summary>What a batch (or all committed batches) did: read = stored + updated + unchanged + rejected.</summary>
sealed class BatchCounts
{
    public long Read, Stored, Updated, Unchanged, Rejected;

    /// <summary>Rows whose data reached the tables (new or changed); none: the data tables are as they were.</summary>
    public long Changed => Stored + Updated;

    public void Add(BatchCounts other)
    {
        Read += other.Read;
        Stored += other.Stored;
        Updated += other.Updated;
        Unchanged += other.Unchanged;
        Rejected += other.Rejected;
    }

    public void Count(BatchWrite written)
    {
        Stored += written.Stored;
        Updated += written.Updated;
        Unchanged += written.Unchanged;
    }

    public void Count(RowOutcome outcome)
    {
        switch (outcome)
        {
            case RowOutcome.Stored: Stored++; break;
            case RowOutcome.Updated: Updated++; break;
            default: Unchanged++; break;
        }
    }
}
