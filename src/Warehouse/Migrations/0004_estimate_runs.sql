-- Impact estimates: one run per `impact estimate` (or scheduled job), one result per
-- intervention x metric pair. The full result (event study, warnings, heterogeneity) is JSON in
-- detail; the columns are what lists and charts filter and sort on.

CREATE TABLE estimate_runs (
    run_id {identity},
    started_at {stamp} NOT NULL,
    ended_at {stamp} NULL,
    status {short} NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    parameters {text} NOT NULL,
    data_version {short} NOT NULL,
    impact_version {short} NOT NULL,
    message {text} NULL
);

CREATE TABLE estimate_results (
    run_id {bigint} NOT NULL,
    intervention_id {key} NOT NULL,
    metric_id {key} NOT NULL,
    status {short} NOT NULL CHECK (status IN ('estimated', 'insufficient_data')),
    verdict {short} NOT NULL,
    reason {text} NOT NULL,
    method {short} NULL,
    estimate {double} NULL,
    std_error {double} NULL,
    ci_low {double} NULL,
    ci_high {double} NULL,
    relative_effect {double} NULL,
    n_treated {int} NOT NULL,
    n_control {int} NOT NULL,
    naive_difference {double} NULL,
    did_estimate {double} NULL,
    completion_rate {double} NULL,
    pretrend_p {double} NULL,
    placebo_p {double} NULL,
    effective_n_control {double} NULL,
    robustness {double} NULL,
    spec_low {double} NULL,
    spec_high {double} NULL,
    benefit_per_participant {double} NULL,
    roi {double} NULL,
    anticipation {int} NULL,
    detail {text} NOT NULL,
    PRIMARY KEY (run_id, intervention_id, metric_id)
);
