-- A dispatcher's claim walks the due pending deliveries oldest first and stops after a batch; each candidate is
-- checked against deliveries_pending for an older pending delivery of its destination and incident. Reading
-- only what it claims keeps a round cheap however long the backlog is.
CREATE INDEX deliveries_due ON notifier.deliveries (next_attempt_at, position) WHERE status = 'pending';
