-- What the overview, the metric trend and the executive pack show of kpi_observations, per metric and
-- period: how many subjects reported, the sum and sum of squares of their values (mean and spread follow),
-- the lowest and the highest. Reading it costs a few hundred rows instead of every KPI row per request.
-- It is kept by triggers on kpi_observations, so every write (ingest's row-by-row upsert, PostgreSQL's COPY
-- and merge, SQL Server's bulk copy and MERGE, a correction, a deletion, a hand-written statement) changes
-- it in the same statement, and so in the same transaction: it cannot disagree with the rows it sums.
-- Sums move by deltas (a corrected value takes its old value out and puts its new one in). The lowest and
-- highest can only be widened by a delta: when a value that was the lowest or highest is taken out, the
-- period's extremes are read again from its rows.
-- Parts marked --@ <engine> run on that engine only (see README.md).

CREATE TABLE kpi_period_stats (
    metric_id {key} NOT NULL,
    period_start {date} NOT NULL,
    subjects {bigint} NOT NULL,
    total {double} NOT NULL,
    squares {double} NOT NULL,
    low {double} NOT NULL,
    high {double} NOT NULL,
    PRIMARY KEY (metric_id, period_start)
);

INSERT INTO kpi_period_stats (metric_id, period_start, subjects, total, squares, low, high)
SELECT metric_id, period_start, COUNT(*), SUM(value), SUM(value * value), MIN(value), MAX(value)
FROM kpi_observations GROUP BY metric_id, period_start;

-- The metric trend filtered by people's current role or location finds them by these, as by team.
CREATE INDEX ix_employees_role ON employees (role);
CREATE INDEX ix_employees_location ON employees (location);

-- How many rows the overview's headline counts have, kept the same way: counting 100,000 employees and a
-- quarter of a million completions read a whole index per request.
CREATE TABLE table_rows (
    table_name {key} NOT NULL PRIMARY KEY,
    row_count {bigint} NOT NULL
);
INSERT INTO table_rows (table_name, row_count) SELECT 'employees', COUNT(*) FROM employees;
INSERT INTO table_rows (table_name, row_count) SELECT 'completions', COUNT(*) FROM completions;

--@ sqlite
-- Row triggers: SQLite runs in the process, where one more small b-tree step per row is cheap.
CREATE TRIGGER kpi_period_stats_insert AFTER INSERT ON kpi_observations
BEGIN
    INSERT INTO kpi_period_stats (metric_id, period_start, subjects, total, squares, low, high)
    VALUES (NEW.metric_id, NEW.period_start, 1, NEW.value, NEW.value * NEW.value, NEW.value, NEW.value)
    ON CONFLICT (metric_id, period_start) DO UPDATE SET subjects = subjects + 1, total = total + excluded.total,
        squares = squares + excluded.squares, low = min(low, excluded.low), high = max(high, excluded.high);
END;

CREATE TRIGGER kpi_period_stats_delete AFTER DELETE ON kpi_observations
BEGIN
    UPDATE kpi_period_stats
    SET subjects = subjects - 1, total = total - OLD.value, squares = squares - OLD.value * OLD.value
    WHERE metric_id = OLD.metric_id AND period_start = OLD.period_start;
    DELETE FROM kpi_period_stats
    WHERE metric_id = OLD.metric_id AND period_start = OLD.period_start AND subjects <= 0;
    UPDATE kpi_period_stats
    SET low = (SELECT MIN(k.value) FROM kpi_observations k
               WHERE k.metric_id = OLD.metric_id AND k.period_start = OLD.period_start),
        high = (SELECT MAX(k.value) FROM kpi_observations k
                WHERE k.metric_id = OLD.metric_id AND k.period_start = OLD.period_start)
    WHERE metric_id = OLD.metric_id AND period_start = OLD.period_start AND (OLD.value <= low OR OLD.value >= high);
END;

-- An update is the new row put in, then the old one taken out (its key may have changed).
CREATE TRIGGER kpi_period_stats_update AFTER UPDATE OF metric_id, period_start, value ON kpi_observations
BEGIN
    INSERT INTO kpi_period_stats (metric_id, period_start, subjects, total, squares, low, high)
    VALUES (NEW.metric_id, NEW.period_start, 1, NEW.value, NEW.value * NEW.value, NEW.value, NEW.value)
    ON CONFLICT (metric_id, period_start) DO UPDATE SET subjects = subjects + 1, total = total + excluded.total,
        squares = squares + excluded.squares, low = min(low, excluded.low), high = max(high, excluded.high);
    UPDATE kpi_period_stats
    SET subjects = subjects - 1, total = total - OLD.value, squares = squares - OLD.value * OLD.value
    WHERE metric_id = OLD.metric_id AND period_start = OLD.period_start;
    DELETE FROM kpi_period_stats
    WHERE metric_id = OLD.metric_id AND period_start = OLD.period_start AND subjects <= 0;
    UPDATE kpi_period_stats
    SET low = (SELECT MIN(k.value) FROM kpi_observations k
               WHERE k.metric_id = OLD.metric_id AND k.period_start = OLD.period_start),
        high = (SELECT MAX(k.value) FROM kpi_observations k
                WHERE k.metric_id = OLD.metric_id AND k.period_start = OLD.period_start)
    WHERE metric_id = OLD.metric_id AND period_start = OLD.period_start AND (OLD.value <= low OR OLD.value >= high);
END;

CREATE TRIGGER table_rows_employees_insert AFTER INSERT ON employees
BEGIN UPDATE table_rows SET row_count = row_count + 1 WHERE table_name = 'employees'; END;
CREATE TRIGGER table_rows_employees_delete AFTER DELETE ON employees
BEGIN UPDATE table_rows SET row_count = row_count - 1 WHERE table_name = 'employees'; END;
CREATE TRIGGER table_rows_completions_insert AFTER INSERT ON completions
BEGIN UPDATE table_rows SET row_count = row_count + 1 WHERE table_name = 'completions'; END;
CREATE TRIGGER table_rows_completions_delete AFTER DELETE ON completions
BEGIN UPDATE table_rows SET row_count = row_count - 1 WHERE table_name = 'completions'; END;

--@ postgres
-- Statement triggers with transition tables: a COPY-and-merge batch of 20,000 rows changes the table in one
-- set-based step, not 20,000 row triggers. One function serves the three triggers; each names its rows
-- added_rows and removed_rows, and a branch that does not run never reads a table its trigger lacks.
CREATE FUNCTION kpi_period_stats_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    added kpi_observations[] := '{}';
    removed kpi_observations[] := '{}';
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN added := ARRAY(SELECT a FROM added_rows a); END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN removed := ARRAY(SELECT r FROM removed_rows r); END IF;
    IF cardinality(added) + cardinality(removed) = 0 THEN RETURN NULL; END IF;

    -- In key order, as the KPI merge writes: two loads lock the same periods in the same order. A period
    -- that only loses rows exists already; its proposed row still has to pass NOT NULL, hence the infinities.
    INSERT INTO kpi_period_stats AS s (metric_id, period_start, subjects, total, squares, low, high)
    SELECT metric_id, period_start, SUM(n), SUM(t), SUM(q), COALESCE(MIN(lo), 'Infinity'),
           COALESCE(MAX(hi), '-Infinity') FROM (
        SELECT a.metric_id, a.period_start, 1 AS n, a.value AS t, a.value * a.value AS q, a.value AS lo,
               a.value AS hi
        FROM unnest(added) a
        UNION ALL
        SELECT r.metric_id, r.period_start, -1, -r.value, -r.value * r.value, NULL, NULL FROM unnest(removed) r
    ) d
    GROUP BY metric_id, period_start ORDER BY metric_id, period_start
    ON CONFLICT (metric_id, period_start) DO UPDATE SET subjects = s.subjects + EXCLUDED.subjects,
        total = s.total + EXCLUDED.total, squares = s.squares + EXCLUDED.squares,
        low = LEAST(s.low, EXCLUDED.low), high = GREATEST(s.high, EXCLUDED.high);

    IF cardinality(removed) = 0 THEN RETURN NULL; END IF;
    DELETE FROM kpi_period_stats s WHERE s.subjects <= 0 AND EXISTS (
        SELECT 1 FROM unnest(removed) r WHERE r.metric_id = s.metric_id AND r.period_start = s.period_start);
    UPDATE kpi_period_stats s SET low = x.low, high = x.high FROM (
        SELECT k.metric_id, k.period_start, MIN(k.value) AS low, MAX(k.value) AS high
        FROM kpi_observations k
        JOIN (SELECT DISTINCT r.metric_id, r.period_start FROM unnest(removed) r
              JOIN kpi_period_stats e ON e.metric_id = r.metric_id AND e.period_start = r.period_start
              WHERE r.value <= e.low OR r.value >= e.high) g
          ON g.metric_id = k.metric_id AND g.period_start = k.period_start
        GROUP BY k.metric_id, k.period_start
    ) x
    WHERE s.metric_id = x.metric_id AND s.period_start = x.period_start;
    RETURN NULL;
END $$;

CREATE TRIGGER kpi_period_stats_insert AFTER INSERT ON kpi_observations
    REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_period_stats_follow();
CREATE TRIGGER kpi_period_stats_update AFTER UPDATE ON kpi_observations
    REFERENCING OLD TABLE AS removed_rows NEW TABLE AS added_rows
    FOR EACH STATEMENT EXECUTE FUNCTION kpi_period_stats_follow();
CREATE TRIGGER kpi_period_stats_delete AFTER DELETE ON kpi_observations
    REFERENCING OLD TABLE AS removed_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_period_stats_follow();

CREATE FUNCTION table_rows_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE table_rows SET row_count = row_count + (SELECT COUNT(*) FROM added_rows)
        WHERE table_name = TG_TABLE_NAME;
    ELSE
        UPDATE table_rows SET row_count = row_count - (SELECT COUNT(*) FROM removed_rows)
        WHERE table_name = TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER table_rows_insert AFTER INSERT ON employees
    REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION table_rows_follow();
CREATE TRIGGER table_rows_delete AFTER DELETE ON employees
    REFERENCING OLD TABLE AS removed_rows FOR EACH STATEMENT EXECUTE FUNCTION table_rows_follow();
CREATE TRIGGER table_rows_insert AFTER INSERT ON completions
    REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION table_rows_follow();
CREATE TRIGGER table_rows_delete AFTER DELETE ON completions
    REFERENCING OLD TABLE AS removed_rows FOR EACH STATEMENT EXECUTE FUNCTION table_rows_follow();

--@ sqlserver
-- One statement trigger over the inserted and deleted rows; CREATE TRIGGER must start its own batch.
EXEC (N'CREATE TRIGGER kpi_period_stats_follow ON kpi_observations AFTER INSERT, UPDATE, DELETE AS
BEGIN
    SET NOCOUNT ON;
    MERGE kpi_period_stats WITH (HOLDLOCK) AS s
    USING (SELECT metric_id, period_start, SUM(n) AS n, SUM(t) AS t, SUM(q) AS q, MIN(lo) AS lo, MAX(hi) AS hi
           FROM (SELECT metric_id, period_start, CAST(1 AS bigint) AS n, value AS t, value * value AS q,
                        value AS lo, value AS hi FROM inserted
                 UNION ALL
                 SELECT metric_id, period_start, CAST(-1 AS bigint), -value, -value * value,
                        CAST(NULL AS float), CAST(NULL AS float) FROM deleted) d
           GROUP BY metric_id, period_start) AS c
    ON s.metric_id = c.metric_id AND s.period_start = c.period_start
    WHEN MATCHED THEN UPDATE SET subjects = s.subjects + c.n, total = s.total + c.t, squares = s.squares + c.q,
        low = CASE WHEN c.lo < s.low THEN c.lo ELSE s.low END,
        high = CASE WHEN c.hi > s.high THEN c.hi ELSE s.high END
    WHEN NOT MATCHED BY TARGET THEN INSERT (metric_id, period_start, subjects, total, squares, low, high)
        VALUES (c.metric_id, c.period_start, c.n, c.t, c.q, c.lo, c.hi);
    IF NOT EXISTS (SELECT 1 FROM deleted) RETURN;
    DELETE s FROM kpi_period_stats s WHERE s.subjects <= 0
        AND EXISTS (SELECT 1 FROM deleted d WHERE d.metric_id = s.metric_id AND d.period_start = s.period_start);
    UPDATE s SET low = x.low, high = x.high FROM kpi_period_stats s JOIN (
        SELECT k.metric_id, k.period_start, MIN(k.value) AS low, MAX(k.value) AS high
        FROM kpi_observations k
        JOIN (SELECT DISTINCT d.metric_id, d.period_start FROM deleted d
              JOIN kpi_period_stats e ON e.metric_id = d.metric_id AND e.period_start = d.period_start
              WHERE d.value <= e.low OR d.value >= e.high) g
          ON g.metric_id = k.metric_id AND g.period_start = k.period_start
        GROUP BY k.metric_id, k.period_start
    ) x ON x.metric_id = s.metric_id AND x.period_start = s.period_start;
END');
EXEC (N'CREATE TRIGGER table_rows_employees ON employees AFTER INSERT, DELETE AS
BEGIN
    SET NOCOUNT ON;
    UPDATE table_rows SET row_count = row_count + (SELECT COUNT(*) FROM inserted) - (SELECT COUNT(*) FROM deleted)
    WHERE table_name = N''employees'';
END');
EXEC (N'CREATE TRIGGER table_rows_completions ON completions AFTER INSERT, DELETE AS
BEGIN
    SET NOCOUNT ON;
    UPDATE table_rows SET row_count = row_count + (SELECT COUNT(*) FROM inserted) - (SELECT COUNT(*) FROM deleted)
    WHERE table_name = N''completions'';
END');
--@ all
