-- Auto-drafted incidents name their metric in source_external_id; a metric drafts many incidents over
-- time, so the external-id de-duplication applies to the other sources only.
DROP INDEX incident.incidents_source_external_id;
CREATE UNIQUE INDEX incidents_source_external_id ON incident.incidents (org_id, source_kind, source_external_id)
    WHERE source_external_id IS NOT NULL AND source_kind <> 'autodraft';
-- Draft requests look for an open incident on the same services (or, without services, the same metric).
CREATE INDEX incidents_open_autodrafts ON incident.incidents (org_id, source_external_id)
    WHERE source_kind = 'autodraft' AND status IN ('draft', 'declared', 'investigating', 'mitigated');
