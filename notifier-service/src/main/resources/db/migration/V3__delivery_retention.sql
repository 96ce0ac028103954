-- Finished deliveries (delivered or failed) are deleted after TOCSIN_NOTIFIER_DELIVERY_RETENTION: found by age.
CREATE INDEX deliveries_finished ON notifier.deliveries (updated_at) WHERE status <> 'pending';
