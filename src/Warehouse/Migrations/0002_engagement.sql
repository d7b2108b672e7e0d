-- Engagement survey results, kept apart from everything performance: no foreign key, no shared
-- table, and no code path that reads them as a model outcome.

CREATE TABLE survey_responses (
    response_id {key} NOT NULL PRIMARY KEY,
    survey_id {key} NOT NULL,
    respondent_id {key} NULL,
    team_id {key} NULL,
    submitted_on {date} NOT NULL,
    enps {int} NULL CHECK (enps BETWEEN 0 AND 10),
    ingest_run_id {bigint} NULL
);
CREATE INDEX ix_survey_responses_team ON survey_responses (team_id, submitted_on);

CREATE TABLE survey_answers (
    response_id {key} NOT NULL,
    item {name} NOT NULL,
    score {int} NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment {text} NULL,
    PRIMARY KEY (response_id, item)
);
