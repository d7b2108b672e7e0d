-- What an xAPI statement's result said. Kept beside xapi_statements so that when a statement is
-- voided (perhaps in a later run) the completion it made can be recomputed, score included, from the
-- statements that still stand; duration is time spent, a dose measure the models may use.
CREATE TABLE xapi_results (
    statement_id {short} NOT NULL PRIMARY KEY,
    score {double} NULL,
    success {int} NULL,
    completion {int} NULL,
    duration_seconds {double} NULL
);

-- Recomputing a completion looks up the statements of one person and course.
CREATE INDEX ix_xapi_employee_intervention ON xapi_statements (employee_id, intervention_id, occurred_at);
