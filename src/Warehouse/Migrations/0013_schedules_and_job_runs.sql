-- Scheduled jobs: the feeds data staff set up once (job_schedules) and every attempt any worker made
-- at one (job_runs), in the warehouse so every worker, the web app and `impact jobs history` see one truth.

-- One row per feed. source is an `impact ingest` source name, 'folder' or 'drop-folder'; location is the
-- file, folder, LRS URL or SQL source name. cron has five fields (six with seconds) and is read in
-- time_zone (an IANA id). then_step is what follows an ingest that stored or changed rows.
CREATE TABLE job_schedules (
    schedule_id {identity},
    name {key} NOT NULL,
    source {short} NOT NULL,
    location {text} NOT NULL,
    profile {name} NULL,
    cron {short} NOT NULL,
    time_zone {short} NOT NULL,
    enabled {int} NOT NULL,
    then_step {short} NOT NULL CHECK (then_step IN ('none', 'estimate', 'export')),
    created_at {stamp} NOT NULL,
    updated_at {stamp} NOT NULL
);
CREATE UNIQUE INDEX ux_job_schedules_name ON job_schedules (name);

-- One row per attempt at one step of a feed, by whichever worker ran it: a worker killed mid-job leaves
-- its row 'running' until the next attempt of the same Hangfire job marks it 'interrupted'. 'skipped':
-- another run of the same feed held its lock. Kept when the schedule is removed (no foreign key).
CREATE TABLE job_runs (
    job_run_id {identity},
    schedule_name {key} NOT NULL,
    step {short} NOT NULL CHECK (step IN ('ingest', 'estimate', 'export')),
    job_id {short} NULL,
    attempt {int} NOT NULL,
    worker {name} NOT NULL,
    run_owner {name} NULL,
    started_at {stamp} NOT NULL,
    ended_at {stamp} NULL,
    outcome {short} NOT NULL CHECK (outcome IN ('running', 'succeeded', 'partial', 'failed', 'cancelled',
        'interrupted', 'skipped')),
    ingest_run_id {bigint} NULL,
    estimate_run_id {bigint} NULL,
    rows_read {bigint} NOT NULL,
    rows_stored {bigint} NOT NULL,
    rows_rejected {bigint} NOT NULL,
    message {text} NULL
);
CREATE INDEX ix_job_runs_schedule ON job_runs (schedule_name, started_at);
CREATE INDEX ix_job_runs_job ON job_runs (job_id);

-- A re-estimation fanned out as one job per intervention × metric pair: its pairs, so the job that
-- stores the last one completes the estimate run, and the dashboard can say "estimating n of N".
CREATE TABLE estimate_run_pairs (
    run_id {bigint} NOT NULL,
    intervention_id {key} NOT NULL,
    metric_id {key} NOT NULL,
    status {short} NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    message {text} NULL,
    PRIMARY KEY (run_id, intervention_id, metric_id)
);
