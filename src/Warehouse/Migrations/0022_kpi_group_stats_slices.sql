-- What changed since the KPI sums per team, role and location (0020) were last computed, so that the refresh at
-- the end of an ingest recomputes only those slices instead of every KPI row (14.6 s at 100,000 employees).
-- kpi_group_stats_touched: the (metric, period) pairs whose KPI rows an ingest batch stored or updated, written
-- by the batch itself in its own transaction (one statement per batch from its staged rows, or from its own list
-- of pairs on SQLite), so a run killed after some batches leaves them here for the next refresh.
-- kpi_group_stats_moved: the groups (team, role, location) that gained or lost a person, written by the triggers
-- below on every insert, delete and change of group in employees (an ingest's or a hand-written one).
-- The refresh empties both in the transaction that writes the sums; until it commits they stay as they were.
CREATE TABLE kpi_group_stats_touched (
    metric_id {key} NOT NULL,
    period_start {date} NOT NULL,
    PRIMARY KEY (metric_id, period_start)
);

-- Team, role and location may be NULL, so no key: a group may be listed twice (two batches), read DISTINCT.
CREATE TABLE kpi_group_stats_moved (
    team_id {key} NULL,
    role {name} NULL,
    location {name} NULL
);
CREATE INDEX ix_kpi_group_stats_moved ON kpi_group_stats_moved (team_id);

-- What else the refresh needs to trust the two lists: the KPI rows and employees all ingest runs stored when the
-- sums were computed. A later count that moved by more or less than ingest stored since (a hand-written insert
-- or deletion) was not recorded, and the refresh goes whole. tracked: 1 once the lists hold every change since
-- the sums were computed; 0 (the sums were stale at this upgrade) makes the next refresh whole.
ALTER TABLE kpi_group_stats_version ADD kpi_stored {bigint} NOT NULL DEFAULT 0;
ALTER TABLE kpi_group_stats_version ADD employees_stored {bigint} NOT NULL DEFAULT 0;
ALTER TABLE kpi_group_stats_version ADD tracked {int} NOT NULL DEFAULT 0;

UPDATE kpi_group_stats_version
SET kpi_stored = (SELECT COALESCE(SUM(rows_stored), 0) FROM ingest_runs
                  WHERE dry_run = 0 AND source IN ('kpi', 'kpi-sql')),
    employees_stored = (SELECT COALESCE(SUM(rows_stored), 0) FROM ingest_runs
                        WHERE dry_run = 0 AND source = 'employees'),
    tracked = CASE WHEN changes = (SELECT COALESCE(SUM(rows_stored + rows_updated), 0) FROM ingest_runs
                                   WHERE dry_run = 0 AND source IN ('employees', 'kpi', 'kpi-sql'))
                    AND kpi_rows = (SELECT COALESCE(SUM(subjects), 0) FROM kpi_period_stats)
                    AND employees = (SELECT row_count FROM table_rows WHERE table_name = 'employees')
                   THEN 1 ELSE 0 END;

--@ sqlite
-- Row triggers (SQLite runs in the process): each group listed once, found by the team index.
CREATE TRIGGER kpi_group_stats_hired AFTER INSERT ON employees
WHEN NOT EXISTS (SELECT 1 FROM kpi_group_stats_moved m WHERE m.team_id IS NEW.team_id AND m.role IS NEW.role
                 AND m.location IS NEW.location)
BEGIN
    INSERT INTO kpi_group_stats_moved (team_id, role, location) VALUES (NEW.team_id, NEW.role, NEW.location);
END;

CREATE TRIGGER kpi_group_stats_left AFTER DELETE ON employees
WHEN NOT EXISTS (SELECT 1 FROM kpi_group_stats_moved m WHERE m.team_id IS OLD.team_id AND m.role IS OLD.role
                 AND m.location IS OLD.location)
BEGIN
    INSERT INTO kpi_group_stats_moved (team_id, role, location) VALUES (OLD.team_id, OLD.role, OLD.location);
END;

CREATE TRIGGER kpi_group_stats_moved_people AFTER UPDATE OF employee_id, team_id, role, location ON employees
WHEN OLD.employee_id IS NOT NEW.employee_id OR OLD.team_id IS NOT NEW.team_id OR OLD.role IS NOT NEW.role
     OR OLD.location IS NOT NEW.location
BEGIN
    INSERT INTO kpi_group_stats_moved (team_id, role, location)
    SELECT OLD.team_id, OLD.role, OLD.location
    WHERE NOT EXISTS (SELECT 1 FROM kpi_group_stats_moved m WHERE m.team_id IS OLD.team_id AND m.role IS OLD.role
                      AND m.location IS OLD.location);
    INSERT INTO kpi_group_stats_moved (team_id, role, location)
    SELECT NEW.team_id, NEW.role, NEW.location
    WHERE NOT EXISTS (SELECT 1 FROM kpi_group_stats_moved m WHERE m.team_id IS NEW.team_id AND m.role IS NEW.role
                      AND m.location IS NEW.location);
END;
--@ postgres
-- Statement triggers over the transition tables, one function for the three (as 0015's): each statement lists
-- its distinct groups; an update lists a person's old and new group only where they differ.
CREATE FUNCTION kpi_group_stats_follow_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO kpi_group_stats_moved (team_id, role, location)
        SELECT DISTINCT team_id, role, location FROM added_rows;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO kpi_group_stats_moved (team_id, role, location)
        SELECT DISTINCT team_id, role, location FROM removed_rows;
    ELSE
        INSERT INTO kpi_group_stats_moved (team_id, role, location)
        SELECT team_id, role, location FROM (
            SELECT r.team_id, r.role, r.location FROM removed_rows r
            WHERE NOT EXISTS (SELECT 1 FROM added_rows a WHERE a.employee_id = r.employee_id
                AND a.team_id IS NOT DISTINCT FROM r.team_id AND a.role IS NOT DISTINCT FROM r.role
                AND a.location IS NOT DISTINCT FROM r.location)
            UNION
            SELECT a.team_id, a.role, a.location FROM added_rows a
            WHERE NOT EXISTS (SELECT 1 FROM removed_rows r WHERE r.employee_id = a.employee_id
                AND r.team_id IS NOT DISTINCT FROM a.team_id AND r.role IS NOT DISTINCT FROM a.role
                AND r.location IS NOT DISTINCT FROM a.location)
        ) moved;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER kpi_group_stats_hired AFTER INSERT ON employees
    REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_group_stats_follow_people();
CREATE TRIGGER kpi_group_stats_left AFTER DELETE ON employees
    REFERENCING OLD TABLE AS removed_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_group_stats_follow_people();
CREATE TRIGGER kpi_group_stats_moved_people AFTER UPDATE ON employees
    REFERENCING OLD TABLE AS removed_rows NEW TABLE AS added_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kpi_group_stats_follow_people();
--@ sqlserver
EXEC (N'CREATE TRIGGER kpi_group_stats_follow_people ON employees AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    INSERT INTO kpi_group_stats_moved (team_id, role, location)
    SELECT team_id, role, location FROM (
        SELECT d.team_id, d.role, d.location FROM deleted d
        WHERE NOT EXISTS (SELECT 1 FROM inserted i WHERE i.employee_id = d.employee_id
            AND EXISTS (SELECT i.team_id, i.role, i.location INTERSECT SELECT d.team_id, d.role, d.location))
        UNION
        SELECT i.team_id, i.role, i.location FROM inserted i
        WHERE NOT EXISTS (SELECT 1 FROM deleted d WHERE d.employee_id = i.employee_id
            AND EXISTS (SELECT i.team_id, i.role, i.location INTERSECT SELECT d.team_id, d.role, d.location))
    ) moved;
END');
--@ all
