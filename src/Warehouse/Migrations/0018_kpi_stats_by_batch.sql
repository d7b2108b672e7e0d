-- On SQLite the row trigger that kept kpi_period_stats cost about as much again as inserting the KPI row
-- itself (1,000,000 rows: 4.5 s against 1.9 s for the bare insert). An ingest batch now adds its own new rows'
-- per-period sums in one statement per period, computed from the rows it inserted, and while it does so the
-- insert trigger stands aside. It stands aside only while kpi_period_stats_batch holds a row, and the batch
-- puts that row in and takes it out inside its own transaction: no other connection ever sees it (SQLite has
-- one writer at a time and readers see committed data only), and a batch that fails is rolled back with it.
-- Every other insert — the row-by-row path for a batch with a repeated key, a hand-written statement — and
-- every update and delete still go through the triggers of 0015.
-- On PostgreSQL the statement trigger's insert branch copied every added row into an array and unnested it
-- twice: a 20,000-row merge into 1,000,000 rows took about twice as long with it as without. Inserts now get
-- their own function that groups the transition table directly; updates and deletes keep 0015's function.
-- SQL Server keeps its trigger.
--@ sqlite
CREATE TABLE kpi_period_stats_batch (
    writing INTEGER NOT NULL PRIMARY KEY
);

DROP TRIGGER kpi_period_stats_insert;
CREATE TRIGGER kpi_period_stats_insert AFTER INSERT ON kpi_observations
WHEN NOT EXISTS (SELECT 1 FROM kpi_period_stats_batch)
BEGIN
    INSERT INTO kpi_period_stats (metric_id, period_start, subjects, total, squares, low, high)
    VALUES (NEW.metric_id, NEW.period_start, 1, NEW.value, NEW.value * NEW.value, NEW.value, NEW.value)
    ON CONFLICT (metric_id, period_start) DO UPDATE SET subjects = subjects + 1, total = total + excluded.total,
        squares = squares + excluded.squares, low = min(low, excluded.low), high = max(high, excluded.high);
END;
--@ postgres
CREATE FUNCTION kpi_period_stats_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- In key order, as the KPI merge writes: two loads lock the same periods in the same order.
    INSERT INTO kpi_period_stats AS s (metric_id, period_start, subjects, total, squares, low, high)
    SELECT metric_id, period_start, COUNT(*), SUM(value), SUM(value * value), MIN(value), MAX(value)
    FROM added_rows GROUP BY metric_id, period_start ORDER BY metric_id, period_start
    ON CONFLICT (metric_id, period_start) DO UPDATE SET subjects = s.subjects + EXCLUDED.subjects,
        total = s.total + EXCLUDED.total, squares = s.squares + EXCLUDED.squares,
        low = LEAST(s.low, EXCLUDED.low), high = GREATEST(s.high, EXCLUDED.high);
    RETURN NULL;
END $$;

DROP TRIGGER kpi_period_stats_insert ON kpi_observations;
CREATE TRIGGER kpi_period_stats_insert AFTER INSERT ON kpi_observations
    REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_period_stats_added();
--@ all
