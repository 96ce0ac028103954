-- The service wakes its own relay after a commit that wrote outbox rows; other replicas poll. A NOTIFY per insert
-- made every such commit take PostgreSQL's global notification lock and hold it through its disk flush, so the
-- commits that wrote events went one at a time.
DROP TRIGGER outbox_inserted ON incident.outbox;
DROP FUNCTION incident.notify_outbox();
