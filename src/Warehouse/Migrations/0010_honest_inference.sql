-- The metric's owner may say the smallest change that matters, in the metric's units: an estimate whose
-- interval lies inside plus or minus it is "no meaningful effect"; one that crosses it is "inconclusive".
ALTER TABLE metrics ADD smallest_meaningful_change {double} NULL;

-- Many pairs are estimated at once: each estimated pair's Benjamini-Hochberg q-value across its run, and
-- how many independent clusters (people, or teams when completion is decided by team) its inference had.
ALTER TABLE estimate_results ADD q_value {double} NULL;
ALTER TABLE estimate_results ADD clusters {int} NULL;
