-- The organisation and its performance: who works where, what learning they did, how the work went.
-- Dates are ISO text (yyyy-MM-dd) on every engine; see Dialect for why.

CREATE TABLE teams (
    team_id {key} NOT NULL PRIMARY KEY,
    name {name} NULL
);

CREATE TABLE employees (
    employee_id {key} NOT NULL PRIMARY KEY,
    team_id {key} NULL,
    role {name} NULL,
    hire_date {date} NULL,
    location {name} NULL,
    manager_id {key} NULL,
    ingest_run_id {bigint} NULL
);
CREATE INDEX ix_employees_team ON employees (team_id);

-- Free-form employee columns (grade, shift, region...): kept as text, typed by attribute_definitions,
-- and offered to the models as covariates.
CREATE TABLE employee_attributes (
    employee_id {key} NOT NULL,
    name {key} NOT NULL,
    value {name} NULL,
    PRIMARY KEY (employee_id, name)
);

CREATE TABLE attribute_definitions (
    name {key} NOT NULL PRIMARY KEY,
    value_type {short} NOT NULL CHECK (value_type IN ('numeric', 'categorical'))
);

CREATE TABLE interventions (
    intervention_id {key} NOT NULL PRIMARY KEY,
    name {name} NULL,
    kind {short} NOT NULL CHECK (kind IN ('training', 'elearning', 'coaching', 'mentoring', 'practice', 'job_aid', 'social', 'other')),
    cost_per_participant {double} NULL,
    currency {short} NULL,
    ingest_run_id {bigint} NULL
);

CREATE TABLE completions (
    employee_id {key} NOT NULL,
    intervention_id {key} NOT NULL,
    completed_on {date} NOT NULL,
    status {short} NOT NULL CHECK (status IN ('completed', 'passed', 'failed', 'in_progress', 'enrolled')),
    score {double} NULL,
    source {short} NOT NULL,
    ingest_run_id {bigint} NULL,
    PRIMARY KEY (employee_id, intervention_id, completed_on)
);
CREATE INDEX ix_completions_intervention ON completions (intervention_id, completed_on);

-- Performance metrics only: engagement lives in survey_* tables and can never be an outcome.
CREATE TABLE metrics (
    metric_id {key} NOT NULL PRIMARY KEY,
    name {name} NOT NULL,
    unit {short} NULL,
    direction {short} NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    owner {name} NOT NULL,
    level {short} NOT NULL CHECK (level IN ('employee', 'team')),
    kind {short} NOT NULL CHECK (kind = 'performance'),
    value_per_unit {double} NULL,
    currency {short} NULL,
    ingest_run_id {bigint} NULL
);

CREATE TABLE kpi_observations (
    metric_id {key} NOT NULL,
    subject_id {key} NOT NULL,
    period_start {date} NOT NULL,
    value {double} NOT NULL,
    ingest_run_id {bigint} NULL,
    PRIMARY KEY (metric_id, subject_id, period_start)
);
CREATE INDEX ix_kpi_subject ON kpi_observations (subject_id, metric_id);
