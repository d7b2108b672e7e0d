-- Every failure ends cleanly. Runs get an owner (host/process/start time) and a heartbeat, so a run
-- whose process was killed is marked 'interrupted' instead of staying 'running' forever; rejected rows
-- name the subject by its stored (pseudonymised) id and keep no confidential survey answers or raw
-- identifiers; attribute typing reads one attribute through an index.
-- Parts marked --@ <engine> run on that engine only (see README.md): a CHECK constraint is changed
-- differently on each.

ALTER TABLE ingest_runs ADD run_owner {name} NULL;
ALTER TABLE ingest_runs ADD heartbeat_at {stamp} NULL;
ALTER TABLE estimate_runs ADD run_owner {name} NULL;
ALTER TABLE estimate_runs ADD heartbeat_at {stamp} NULL;
ALTER TABLE ingest_rejections ADD subject {key} NULL;
CREATE INDEX ix_employee_attributes_name ON employee_attributes (name);

--@ sqlite
-- SQLite cannot alter a CHECK constraint: the two run tables are rebuilt (its documented procedure).
CREATE TABLE ingest_runs_0011 (
    run_id {identity},
    source {short} NOT NULL,
    location {text} NOT NULL,
    content_hash {short} NULL,
    profile {short} NULL,
    dry_run {int} NOT NULL,
    started_at {stamp} NOT NULL,
    ended_at {stamp} NULL,
    outcome {short} NOT NULL
        CHECK (outcome IN ('running', 'succeeded', 'partial', 'failed', 'cancelled', 'interrupted')),
    rows_read {bigint} NOT NULL,
    rows_stored {bigint} NOT NULL,
    rows_updated {bigint} NOT NULL,
    rows_unchanged {bigint} NOT NULL,
    rows_rejected {bigint} NOT NULL,
    message {text} NULL,
    run_owner {name} NULL,
    heartbeat_at {stamp} NULL
);
INSERT INTO ingest_runs_0011 (run_id, source, location, content_hash, profile, dry_run, started_at, ended_at, outcome,
    rows_read, rows_stored, rows_updated, rows_unchanged, rows_rejected, message, run_owner, heartbeat_at)
SELECT run_id, source, location, content_hash, profile, dry_run, started_at, ended_at, outcome,
    rows_read, rows_stored, rows_updated, rows_unchanged, rows_rejected, message, run_owner, heartbeat_at
FROM ingest_runs;
DROP TABLE ingest_runs;
ALTER TABLE ingest_runs_0011 RENAME TO ingest_runs;
CREATE INDEX ix_ingest_runs_source ON ingest_runs (source, started_at);

CREATE TABLE estimate_runs_0011 (
    run_id {identity},
    started_at {stamp} NOT NULL,
    ended_at {stamp} NULL,
    status {short} NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
    parameters {text} NOT NULL,
    data_version {short} NOT NULL,
    impact_version {short} NOT NULL,
    message {text} NULL,
    run_owner {name} NULL,
    heartbeat_at {stamp} NULL
);
INSERT INTO estimate_runs_0011 (run_id, started_at, ended_at, status, parameters, data_version, impact_version, message,
    run_owner, heartbeat_at)
SELECT run_id, started_at, ended_at, status, parameters, data_version, impact_version, message, run_owner, heartbeat_at
FROM estimate_runs;
DROP TABLE estimate_runs;
ALTER TABLE estimate_runs_0011 RENAME TO estimate_runs;

--@ postgres
ALTER TABLE ingest_runs DROP CONSTRAINT ingest_runs_outcome_check;
ALTER TABLE ingest_runs ADD CONSTRAINT ingest_runs_outcome_check
    CHECK (outcome IN ('running', 'succeeded', 'partial', 'failed', 'cancelled', 'interrupted'));
ALTER TABLE estimate_runs DROP CONSTRAINT estimate_runs_status_check;
ALTER TABLE estimate_runs ADD CONSTRAINT estimate_runs_status_check
    CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted'));

--@ sqlserver
-- The CHECK constraints were named by the server; find them by the column they check.
DECLARE @check nvarchar(400), @sql nvarchar(max);
SELECT @check = name FROM sys.check_constraints
WHERE parent_object_id = OBJECT_ID(N'ingest_runs') AND definition LIKE N'%outcome%';
SET @sql = N'ALTER TABLE ingest_runs DROP CONSTRAINT ' + QUOTENAME(@check);
EXEC sp_executesql @sql;
ALTER TABLE ingest_runs ADD CONSTRAINT ck_ingest_runs_outcome
    CHECK (outcome IN ('running', 'succeeded', 'partial', 'failed', 'cancelled', 'interrupted'));
SELECT @check = name FROM sys.check_constraints
WHERE parent_object_id = OBJECT_ID(N'estimate_runs') AND definition LIKE N'%status%';
SET @sql = N'ALTER TABLE estimate_runs DROP CONSTRAINT ' + QUOTENAME(@check);
EXEC sp_executesql @sql;
ALTER TABLE estimate_runs ADD CONSTRAINT ck_estimate_runs_status
    CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted'));

--@ all
-- Rejected survey rows kept the respondent's answers (raw) and reasons quoting them: both go.
UPDATE ingest_rejections SET raw = NULL,
    reason = 'Rejected before schema version 11; the reason was removed because it could quote a survey answer.'
WHERE run_id IN (SELECT run_id FROM ingest_runs WHERE source = 'survey');
-- A pseudonymised warehouse (its employee ids are p_ and 32 hex digits) keeps no raw row anywhere.
UPDATE ingest_rejections SET raw = NULL
WHERE EXISTS (SELECT 1 FROM employees WHERE employee_id LIKE 'p!_________________________________' ESCAPE '!');
