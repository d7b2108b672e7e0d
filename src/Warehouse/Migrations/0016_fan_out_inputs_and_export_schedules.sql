-- A scheduled re-estimation estimates only the pairs whose inputs changed since the previous run and
-- carries the others over. estimate_run_inputs holds what a run read, one fingerprint per input (the
-- organisation as a whole, and each metric's KPIs), so the next run can tell what changed;
-- estimate_results.carried_from_run names the run that estimated a carried pair (NULL: estimated here).
CREATE TABLE estimate_run_inputs (
    run_id {bigint} NOT NULL,
    input_key {key} NOT NULL,
    fingerprint {short} NOT NULL,
    PRIMARY KEY (run_id, input_key)
);
ALTER TABLE estimate_results ADD carried_from_run {bigint} NULL;

-- An export can be a schedule of its own (source 'export'): whose pack (NULL: every metric), which
-- formats (NULL: all), and where it goes: written under location (when set) and, when export_email is 1,
-- e-mailed to each metric owner's stored recipients, as `impact export --out DIR --email` does.
ALTER TABLE job_schedules ADD export_owner {name} NULL;
ALTER TABLE job_schedules ADD export_formats {short} NULL;
ALTER TABLE job_schedules ADD export_email {int} NULL;
