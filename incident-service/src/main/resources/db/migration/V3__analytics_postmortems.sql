-- Analytics, team mappings, postmortems with action items, and the update cadence (SPEC §4.2).

-- Analytics reads one organisation's declared incidents in a time window. Drafts and dismissed
-- incidents never count, so they are left out of the index; the included columns let everything
-- but team attribution (owners, custom fields) be computed from the index alone (index-only scan
-- once autovacuum has marked the pages all-visible).
CREATE INDEX incidents_analytics ON incident.incidents (org_id, declared_at)
    INCLUDE (id, severity, environment, services, impact_started_at, acknowledged_at, resolved_at)
    WHERE status NOT IN ('draft', 'dismissed');

-- Team filters walk the tree downwards from a team.
CREATE INDEX teams_by_parent ON incident.teams (org_id, parent_id);

-- Which custom field of imported incidents names teams, and which team each of its values means.
CREATE TABLE incident.team_mappings (
    org_id       text        PRIMARY KEY,
    field        text        NOT NULL,
    team_values  jsonb       NOT NULL DEFAULT '{}',
    updated_at   timestamptz NOT NULL
);

-- Severities whose resolution creates a postmortem; an organisation without a row gets SEV1 and SEV2.
CREATE TABLE incident.postmortem_settings (
    org_id      text        PRIMARY KEY,
    severities  text[]      NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE incident.postmortems (
    id            uuid        PRIMARY KEY,
    org_id        text        NOT NULL,
    incident_id   uuid        NOT NULL UNIQUE REFERENCES incident.incidents (id),
    status        text        NOT NULL CHECK (status IN ('draft', 'in_review', 'published')),
    body          text        NOT NULL,
    version       bigint      NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    published_at  timestamptz
);

CREATE TABLE incident.action_items (
    id             uuid        PRIMARY KEY,
    org_id         text        NOT NULL,
    postmortem_id  uuid        NOT NULL REFERENCES incident.postmortems (id),
    title          text        NOT NULL,
    owner_id       text        NOT NULL,
    due_date       date        NOT NULL,
    team_ids       uuid[]      NOT NULL,
    status         text        NOT NULL CHECK (status IN ('open', 'done')),
    created_by     text,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    completed_at   timestamptz
);
CREATE INDEX action_items_by_postmortem ON incident.action_items (postmortem_id, created_at);
-- Open items per team (and its child teams).
CREATE INDEX action_items_by_team ON incident.action_items USING gin (team_ids);

-- Update cadence: the last_update_at an update_overdue event was emitted for. A new timeline entry
-- moves last_update_at and so starts a new gap; the index holds only incidents that may come due.
ALTER TABLE incident.incidents ADD COLUMN overdue_notified_for timestamptz;
CREATE INDEX incidents_update_cadence ON incident.incidents (last_update_at)
    WHERE severity IN ('SEV1', 'SEV2') AND status IN ('declared', 'investigating', 'mitigated')
      AND source_kind <> 'incident_io' AND overdue_notified_for IS DISTINCT FROM last_update_at;
