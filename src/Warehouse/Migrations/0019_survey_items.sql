-- The question behind each survey item, so pages show "I feel valued for the work I do" rather than a column
-- name. Kept with the other engagement tables: nothing performance reads it.
CREATE TABLE survey_items (
    item {name} NOT NULL PRIMARY KEY,
    question {text} NOT NULL,
    ingest_run_id {bigint} NULL
);
