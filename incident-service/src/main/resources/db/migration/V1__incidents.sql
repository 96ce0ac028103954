-- incident-service owns the "incident" schema and nothing else.

CREATE TABLE incident.teams (
    org_id      text        NOT NULL,
    id          uuid        NOT NULL,
    name        text        NOT NULL,
    parent_id   uuid,
    is_root     boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, parent_id) REFERENCES incident.teams (org_id, id)
);
CREATE UNIQUE INDEX teams_one_root_per_org ON incident.teams (org_id) WHERE is_root;
CREATE UNIQUE INDEX teams_name_per_org ON incident.teams (org_id, lower(name));

CREATE TABLE incident.services (
    org_id          text        NOT NULL,
    slug            text        NOT NULL,
    name            text        NOT NULL,
    owner_team_ids  uuid[]      NOT NULL DEFAULT '{}',
    oncall_user_id  text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (org_id, slug)
);

-- One row per org and year; the row lock serialises concurrent reference allocation.
CREATE TABLE incident.reference_counters (
    org_id      text NOT NULL,
    year        int  NOT NULL,
    last_value  int  NOT NULL,
    PRIMARY KEY (org_id, year)
);

CREATE TABLE incident.incidents (
    id                  uuid        PRIMARY KEY,
    org_id              text        NOT NULL,
    reference           text        NOT NULL,
    title               text        NOT NULL,
    description         text        NOT NULL DEFAULT '',
    severity            text        NOT NULL CHECK (severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4')),
    status              text        NOT NULL CHECK (status IN ('draft', 'declared', 'investigating', 'mitigated', 'resolved', 'dismissed')),
    environment         text,
    services            text[]      NOT NULL DEFAULT '{}',
    owners              uuid[]      NOT NULL DEFAULT '{}',
    commander_id        text,
    declared_by         text,
    source_kind         text        NOT NULL,
    source_external_id  text,
    custom_fields       jsonb       NOT NULL DEFAULT '{}',
    auto_drafted        boolean     NOT NULL DEFAULT false,
    impact_started_at   timestamptz,
    detected_at         timestamptz,
    declared_at         timestamptz,
    acknowledged_at     timestamptz,
    mitigated_at        timestamptz,
    resolved_at         timestamptz,
    mitigation_summary  text,
    resolution_summary  text,
    last_update_at      timestamptz NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    version             bigint      NOT NULL,
    UNIQUE (org_id, reference)
);
-- A repeated external id for the same source kind returns the existing incident.
CREATE UNIQUE INDEX incidents_source_external_id ON incident.incidents (org_id, source_kind, source_external_id)
    WHERE source_external_id IS NOT NULL;
-- Listing: newest first, keyset on (created_at, id), one index per equality filter.
CREATE INDEX incidents_newest ON incident.incidents (org_id, created_at DESC, id DESC);
CREATE INDEX incidents_by_status ON incident.incidents (org_id, status, created_at DESC, id DESC);
CREATE INDEX incidents_by_severity ON incident.incidents (org_id, severity, created_at DESC, id DESC);
CREATE INDEX incidents_by_environment ON incident.incidents (org_id, environment, created_at DESC, id DESC);
CREATE INDEX incidents_by_declared_at ON incident.incidents (org_id, declared_at);
CREATE INDEX incidents_by_service ON incident.incidents USING gin (services);
CREATE INDEX incidents_by_title_words ON incident.incidents USING gin (to_tsvector('simple', title));

CREATE TABLE incident.timeline_entries (
    position     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           uuid        NOT NULL UNIQUE,
    org_id       text        NOT NULL,
    incident_id  uuid        NOT NULL REFERENCES incident.incidents (id),
    kind         text        NOT NULL,
    type         text,
    message      text        NOT NULL,
    author_id    text,
    data         jsonb       NOT NULL DEFAULT '{}',
    occurred_at  timestamptz NOT NULL
);
CREATE INDEX timeline_by_incident ON incident.timeline_entries (incident_id, position);

CREATE FUNCTION incident.refuse_timeline_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'timeline entries are immutable';
END
$$;
CREATE TRIGGER timeline_entries_are_immutable BEFORE UPDATE OR DELETE ON incident.timeline_entries
    FOR EACH ROW EXECUTE FUNCTION incident.refuse_timeline_change();

CREATE TABLE incident.links (
    id           uuid        PRIMARY KEY,
    org_id       text        NOT NULL,
    incident_id  uuid        NOT NULL REFERENCES incident.incidents (id),
    type         text        NOT NULL CHECK (type IN ('alert', 'error_group', 'trace', 'deploy')),
    target_id    text        NOT NULL,
    url          text,
    title        text,
    created_by   text,
    created_at   timestamptz NOT NULL,
    UNIQUE (incident_id, type, target_id)
);

CREATE TABLE incident.idempotency_keys (
    org_id        text        NOT NULL,
    key           text        NOT NULL,
    request_hash  text        NOT NULL,
    status        int         NOT NULL,
    body          text        NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (org_id, key)
);
CREATE INDEX idempotency_keys_by_age ON incident.idempotency_keys (created_at);

CREATE TABLE incident.outbox (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    address       text        NOT NULL,
    aggregate_id  text        NOT NULL,
    event_id      uuid        NOT NULL UNIQUE,
    type          text        NOT NULL,
    source        text        NOT NULL,
    subject       text,
    org_id        text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    payload       jsonb       NOT NULL,
    sent_at       timestamptz
);
CREATE INDEX outbox_unsent ON incident.outbox (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent ON incident.outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Wakes the relays when a transaction that wrote outbox rows commits.
CREATE FUNCTION incident.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('incident_outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_inserted AFTER INSERT ON incident.outbox
    FOR EACH STATEMENT EXECUTE FUNCTION incident.notify_outbox();

CREATE TABLE incident.inbox (
    consumer      text        NOT NULL,
    message_id    text        NOT NULL,
    processed_at  timestamptz NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
