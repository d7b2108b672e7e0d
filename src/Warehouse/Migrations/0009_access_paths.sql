-- Storage that fits how the big tables are read and written. Every reader of kpi_observations asks by
-- metric (the models, the metric and overview pages: a prefix of the primary key) or counts rows; none
-- asks by subject, so ix_kpi_subject is dropped: one index less to maintain on every KPI row written.
-- On SQLite the observation tables, read and written by their key, become WITHOUT ROWID tables: the
-- rows live in the primary key's b-tree itself instead of in a rowid table plus a key index, which
-- halves the file and the pages an insert touches. Rows are copied in key order, unchanged.
-- Parts marked --@ <engine> run on that engine only (see README.md).

--@ sqlite
CREATE TABLE kpi_observations_0009 (
    metric_id {key} NOT NULL,
    subject_id {key} NOT NULL,
    period_start {date} NOT NULL,
    value {double} NOT NULL,
    ingest_run_id {bigint} NULL,
    PRIMARY KEY (metric_id, subject_id, period_start)
) WITHOUT ROWID;
INSERT INTO kpi_observations_0009 (metric_id, subject_id, period_start, value, ingest_run_id)
SELECT metric_id, subject_id, period_start, value, ingest_run_id FROM kpi_observations
ORDER BY metric_id, subject_id, period_start;
DROP TABLE kpi_observations;
ALTER TABLE kpi_observations_0009 RENAME TO kpi_observations;

CREATE TABLE completions_0009 (
    employee_id {key} NOT NULL,
    intervention_id {key} NOT NULL,
    completed_on {date} NOT NULL,
    status {short} NOT NULL CHECK (status IN ('completed', 'passed', 'failed', 'in_progress', 'enrolled')),
    score {double} NULL,
    source {short} NOT NULL,
    ingest_run_id {bigint} NULL,
    PRIMARY KEY (employee_id, intervention_id, completed_on)
) WITHOUT ROWID;
INSERT INTO completions_0009 (employee_id, intervention_id, completed_on, status, score, source, ingest_run_id)
SELECT employee_id, intervention_id, completed_on, status, score, source, ingest_run_id FROM completions
ORDER BY employee_id, intervention_id, completed_on;
DROP TABLE completions;
ALTER TABLE completions_0009 RENAME TO completions;
-- The interventions page counts each intervention's completers through it.
CREATE INDEX ix_completions_intervention ON completions (intervention_id, completed_on);

CREATE TABLE survey_answers_0009 (
    response_id {key} NOT NULL,
    item {name} NOT NULL,
    score {int} NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment {text} NULL,
    PRIMARY KEY (response_id, item)
) WITHOUT ROWID;
INSERT INTO survey_answers_0009 (response_id, item, score, comment)
SELECT response_id, item, score, comment FROM survey_answers ORDER BY response_id, item;
DROP TABLE survey_answers;
ALTER TABLE survey_answers_0009 RENAME TO survey_answers;

--@ postgres
DROP INDEX IF EXISTS ix_kpi_subject;

--@ sqlserver
IF EXISTS (SELECT 1 FROM sys.indexes WHERE name = 'ix_kpi_subject' AND object_id = OBJECT_ID(N'kpi_observations'))
    DROP INDEX ix_kpi_subject ON kpi_observations;
--@ all
