-- The one-hour cooldown counts from drafts incident-service actually created (incident.auto_drafted),
-- not from requests that were folded into an incident already open on the service.
ALTER TABLE autodraft.metrics ADD COLUMN last_drafted_at timestamptz;
