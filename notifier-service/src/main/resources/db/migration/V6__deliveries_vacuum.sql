-- Deliveries are a queue: every delivery is claimed and then finished, two updates that leave dead row versions
-- and dead entries in deliveries_due and deliveries_pending. Until vacuum removes them, each claim walks past them
-- (with the default thresholds, 20 % of the table must be dead first: tens of thousands of entries, and claims
-- tens of times slower). Vacuum this table after 1,000 dead rows plus 1 %, without pausing.
ALTER TABLE notifier.deliveries SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0, autovacuum_analyze_scale_factor = 0.02);
