-- What the metric trend filtered by team, role or location shows, summed ahead: per metric, period and group of
-- people (their current team, role and location), the subjects that reported, the sum and sum of squares of
-- their values and the lowest and highest. Any filter is then a sum over a few of these rows instead of every
-- KPI row of the people it names. kpi_role_location_stats is the same across all teams, for a filter without
-- a team (a role alone would otherwise add up thousands of teams' rows).
-- No trigger keeps them: a person moving team changes no KPI row, and the KPI write path stays as fast as it
-- was measured. Ingest recomputes both at the end of a run that changed KPI rows or employees, in one
-- transaction, and records in kpi_group_stats_version what they were computed from (Summaries/KpiGroupStats.cs).
-- The page uses them only while that still equals the warehouse's, otherwise it reads the rows as before.
-- Team, role and location may be NULL (as in employees), so the tables have indexes, not primary keys: each is
-- only ever written whole, by one GROUP BY.

CREATE TABLE kpi_group_stats (
    metric_id {key} NOT NULL,
    team_id {key} NULL,
    role {name} NULL,
    location {name} NULL,
    period_start {date} NOT NULL,
    subjects {bigint} NOT NULL,
    total {double} NOT NULL,
    squares {double} NOT NULL,
    low {double} NOT NULL,
    high {double} NOT NULL
);
CREATE INDEX ix_kpi_group_stats ON kpi_group_stats (metric_id, team_id, period_start);

CREATE TABLE kpi_role_location_stats (
    metric_id {key} NOT NULL,
    role {name} NULL,
    location {name} NULL,
    period_start {date} NOT NULL,
    subjects {bigint} NOT NULL,
    total {double} NOT NULL,
    squares {double} NOT NULL,
    low {double} NOT NULL,
    high {double} NOT NULL
);
-- Two indexes rather than one on (metric, role, location): SQL Server refuses index keys over 1,700 bytes.
CREATE INDEX ix_kpi_role_stats ON kpi_role_location_stats (metric_id, role, period_start);
CREATE INDEX ix_kpi_location_stats ON kpi_role_location_stats (metric_id, location, period_start);

-- One row: the inputs' version the two tables were computed from. changes: the KPI and employee rows every
-- ingest run stored or updated (ingest_runs counts them in the same transaction as each batch, so the sum only
-- grows, and it grows with every such batch); kpi_rows and employees: the trigger-kept counts, which a
-- deletion moves.
CREATE TABLE kpi_group_stats_version (
    one {int} NOT NULL PRIMARY KEY CHECK (one = 1),
    changes {bigint} NOT NULL,
    kpi_rows {bigint} NOT NULL,
    employees {bigint} NOT NULL,
    refreshed_at {stamp} NULL
);

INSERT INTO kpi_group_stats (metric_id, team_id, role, location, period_start, subjects, total, squares, low, high)
SELECT k.metric_id, e.team_id, e.role, e.location, k.period_start, COUNT(*), SUM(k.value), SUM(k.value * k.value),
       MIN(k.value), MAX(k.value)
FROM metrics m CROSS JOIN employees e CROSS JOIN kpi_observations k
WHERE k.metric_id = m.metric_id AND k.subject_id = e.employee_id
GROUP BY k.metric_id, e.team_id, e.role, e.location, k.period_start;

INSERT INTO kpi_role_location_stats (metric_id, role, location, period_start, subjects, total, squares, low, high)
SELECT metric_id, role, location, period_start, SUM(subjects), SUM(total), SUM(squares), MIN(low), MAX(high)
FROM kpi_group_stats
GROUP BY metric_id, role, location, period_start;

INSERT INTO kpi_group_stats_version (one, changes, kpi_rows, employees, refreshed_at)
SELECT 1,
       (SELECT COALESCE(SUM(rows_stored + rows_updated), 0) FROM ingest_runs
        WHERE dry_run = 0 AND source IN ('employees', 'kpi', 'kpi-sql')),
       (SELECT COALESCE(SUM(subjects), 0) FROM kpi_period_stats),
       (SELECT row_count FROM table_rows WHERE table_name = 'employees'),
       NULL;
