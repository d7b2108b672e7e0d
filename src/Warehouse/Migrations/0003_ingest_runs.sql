-- Every ingest is recorded, with the rows it refused, so data freshness and problems are visible.

CREATE TABLE ingest_runs (
    run_id {identity},
    source {short} NOT NULL,
    location {text} NOT NULL,
    content_hash {short} NULL,
    profile {short} NULL,
    dry_run {int} NOT NULL,
    started_at {stamp} NOT NULL,
    ended_at {stamp} NULL,
    outcome {short} NOT NULL CHECK (outcome IN ('running', 'succeeded', 'partial', 'failed', 'cancelled')),
    rows_read {bigint} NOT NULL,
    rows_stored {bigint} NOT NULL,
    rows_updated {bigint} NOT NULL,
    rows_unchanged {bigint} NOT NULL,
    rows_rejected {bigint} NOT NULL,
    message {text} NULL
);
CREATE INDEX ix_ingest_runs_source ON ingest_runs (source, started_at);

CREATE TABLE ingest_rejections (
    rejection_id {identity},
    run_id {bigint} NOT NULL,
    file {text} NULL,
    line {bigint} NULL,
    field {name} NULL,
    reason {text} NOT NULL,
    raw {text} NULL
);
CREATE INDEX ix_ingest_rejections_run ON ingest_rejections (run_id);

-- xAPI actors (mbox, mbox_sha1sum, account) to employees.
CREATE TABLE identities (
    actor_key {key} NOT NULL PRIMARY KEY,
    employee_id {key} NOT NULL
);

-- Every xAPI statement seen, so voiding, de-duplication and activity counts work across runs.
CREATE TABLE xapi_statements (
    statement_id {short} NOT NULL PRIMARY KEY,
    actor_key {key} NOT NULL,
    employee_id {key} NULL,
    verb_id {name} NOT NULL,
    activity_id {name} NULL,
    intervention_id {key} NULL,
    occurred_at {stamp} NULL,
    stored_at {stamp} NULL,
    voided {int} NOT NULL,
    ingest_run_id {bigint} NULL
);
CREATE INDEX ix_xapi_employee ON xapi_statements (employee_id);

-- Where an incremental source (an LRS, a SQL query) got to, so the next run asks only for news.
CREATE TABLE source_watermarks (
    source_key {key} NOT NULL PRIMARY KEY,
    watermark {short} NOT NULL,
    updated_at {stamp} NOT NULL
);
