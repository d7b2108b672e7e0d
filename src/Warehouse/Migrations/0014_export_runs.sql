-- The executive pack: one row per export (from the CLI, the Export page or a scheduled job), saying
-- what was exported, from which estimate run and data version, for whom, by whom and where it went,
-- so two packs can be compared and a forwarded deck traced back to its numbers.
CREATE TABLE export_runs (
    export_id {identity},
    started_at {stamp} NOT NULL,
    ended_at {stamp} NULL,
    status {short} NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    estimate_run_id {bigint} NOT NULL,
    data_version {short} NOT NULL,
    owner {name} NULL,
    formats {short} NOT NULL,
    requested_by {key} NOT NULL,
    delivered_to {text} NULL,
    files {int} NULL,
    message {text} NULL
);

-- Who receives each metric owner's pack by e-mail. An identity key and a separate unique index, because
-- owner and email together are wider than SQL Server allows for a clustered key.
CREATE TABLE export_recipients (
    recipient_id {identity},
    owner {name} NOT NULL,
    email {key} NOT NULL
);
CREATE UNIQUE INDEX ux_export_recipients ON export_recipients (owner, email);
