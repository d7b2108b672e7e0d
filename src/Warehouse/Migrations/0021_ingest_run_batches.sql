-- How many batches of a run have committed, moved by each batch inside the transaction that writes its rows
-- (Ingest/Pipeline/RunLog.ProgressAsync). The dashboard's data stamp sums it over the runs still running, so a
-- page read while an ingest writes can be kept until the next batch commits: a value corrected by a later batch
-- of the same run changes the stamp, and a batch rolled back leaves it as it was.

ALTER TABLE ingest_runs ADD batches {bigint} DEFAULT 0 NOT NULL;
