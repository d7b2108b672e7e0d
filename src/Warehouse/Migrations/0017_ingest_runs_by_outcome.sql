-- Whether an ingest is writing right now: the dashboard asks on every page and chart request, and keeps
-- nothing it read while one is (an ingest's batches land under one run id, so a value a later batch corrects
-- would not change the data version). With scheduled feeds ingest_runs grows by a row per run; this keeps the
-- question an index search however long the history.

CREATE INDEX ix_ingest_runs_outcome ON ingest_runs (outcome);
