-- autodraft-service owns the "autodraft" schema and nothing else.

-- The metric catalogue and each metric's current health. Only health transitions, policy changes and draft
-- decisions update a row: a signal that changes nothing reads it and leaves it alone.
CREATE TABLE autodraft.metrics (
    org_id                   text        NOT NULL,
    slug                     text        NOT NULL,
    title                    text        NOT NULL,
    services                 text[]      NOT NULL DEFAULT '{}',
    threshold                text,
    policy                   text        NOT NULL DEFAULT 'off' CHECK (policy IN ('off', 'immediate', 'dwell')),
    dwell_seconds            int         NOT NULL DEFAULT 300 CHECK (dwell_seconds BETWEEN 60 AND 3600),
    severity                 text        NOT NULL DEFAULT 'major' CHECK (severity IN ('minor', 'major', 'critical')),
    health                   text        NOT NULL DEFAULT 'unknown' CHECK (health IN ('healthy', 'unhealthy', 'unknown')),
    last_value               double precision,
    unhealthy_since          timestamptz,
    -- observedAt of the signal behind the last transition: older signals are stale.
    last_transition_at       timestamptz,
    -- Counts transitions; a dwell check remembers the count of its flip, so any later transition voids it.
    transition_seq           bigint      NOT NULL DEFAULT 0,
    -- Severity and anomaly score carried by the signal that flipped the metric unhealthy (null: none given).
    flip_severity            text        CHECK (flip_severity IN ('minor', 'major', 'critical')),
    flip_score               double precision,
    -- Cooldown: the last draft request and the last dismissal of a draft by an operator.
    last_draft_requested_at  timestamptz,
    last_dismissed_at        timestamptz,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    PRIMARY KEY (org_id, slug)
);

-- A dwell check fires at due_at: it requests a draft only if the metric is still in the flip it was made for.
CREATE TABLE autodraft.dwell_checks (
    id          uuid        PRIMARY KEY,
    org_id      text        NOT NULL,
    metric      text        NOT NULL,
    flip_seq    bigint      NOT NULL,
    due_at      timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    FOREIGN KEY (org_id, metric) REFERENCES autodraft.metrics (org_id, slug)
);
CREATE INDEX dwell_checks_due ON autodraft.dwell_checks (due_at);

-- Drafts incident-service created for our requests, learned from its events, until someone decides.
CREATE TABLE autodraft.drafts (
    org_id               text        NOT NULL,
    incident_id          uuid        NOT NULL,
    metric               text        NOT NULL,
    created_at           timestamptz NOT NULL,
    status               text        NOT NULL CHECK (status IN ('open', 'expiring', 'published', 'dismissed')),
    decided_at           timestamptz,
    expire_requested_at  timestamptz,
    PRIMARY KEY (org_id, incident_id)
);
CREATE INDEX drafts_open_by_age ON autodraft.drafts (created_at) WHERE status = 'open';

-- What happened to each metric's drafts, newest first by position.
CREATE TABLE autodraft.audit (
    position     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           uuid        NOT NULL UNIQUE,
    org_id       text        NOT NULL,
    metric       text        NOT NULL,
    kind         text        NOT NULL,
    incident_id  uuid,
    details      jsonb       NOT NULL DEFAULT '{}',
    occurred_at  timestamptz NOT NULL
);
CREATE INDEX audit_by_metric ON autodraft.audit (org_id, metric, position DESC);

CREATE FUNCTION autodraft.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are immutable';
END
$$;
CREATE TRIGGER audit_is_immutable BEFORE UPDATE OR DELETE ON autodraft.audit
    FOR EACH ROW EXECUTE FUNCTION autodraft.refuse_audit_change();

-- Routing keys of the PagerDuty-compatible intake; only the SHA-256 of a key is kept.
CREATE TABLE autodraft.intake_keys (
    id          uuid        PRIMARY KEY,
    org_id      text        NOT NULL,
    name        text        NOT NULL,
    service     text        NOT NULL,
    key_hash    text        NOT NULL UNIQUE,
    key_last4   text        NOT NULL,
    created_by  text,
    created_at  timestamptz NOT NULL
);
CREATE INDEX intake_keys_by_org ON autodraft.intake_keys (org_id, created_at);

-- Periodic jobs that must run once across replicas: whoever moves next_run_at forward runs the job.
CREATE TABLE autodraft.schedules (
    name         text        PRIMARY KEY,
    next_run_at  timestamptz NOT NULL
);
INSERT INTO autodraft.schedules (name, next_run_at) VALUES ('draft-expiry', '-infinity');

CREATE TABLE autodraft.outbox (
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
CREATE INDEX outbox_unsent ON autodraft.outbox (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent ON autodraft.outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Wakes the relays when a transaction that wrote outbox rows commits.
CREATE FUNCTION autodraft.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('autodraft_outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_inserted AFTER INSERT ON autodraft.outbox
    FOR EACH STATEMENT EXECUTE FUNCTION autodraft.notify_outbox();

-- Processed message ids: incident events by CloudEvent id, metric signals by "<org>/<signal id>".
CREATE TABLE autodraft.inbox (
    consumer      text        NOT NULL,
    message_id    text        NOT NULL,
    processed_at  timestamptz NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
-- The platform's inbox consumer forgets ids after the retention (7 days).
CREATE INDEX inbox_by_age ON autodraft.inbox (processed_at);
