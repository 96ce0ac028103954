-- notifier-service owns the "notifier" schema and nothing else.

-- One row per (event, destination): what to send, and how sending it went. A dispatcher claims only the
-- oldest pending delivery of each (destination, incident), so an incident's deliveries to one destination
-- go in the order their events were consumed (a resolve never overtakes its trigger).
CREATE TABLE notifier.deliveries (
    position         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id               uuid        NOT NULL UNIQUE,
    org_id           text        NOT NULL,
    event_id         text        NOT NULL,
    event_type       text        NOT NULL,
    incident_id      uuid        NOT NULL,
    -- "pagerduty", "incident_io", "webhook:<subscription id>" or "email:<recipient id>".
    destination      text        NOT NULL,
    action           text        NOT NULL,
    -- What to send, frozen when the event was consumed; never shown by the API (it may carry signed links).
    payload          jsonb       NOT NULL,
    -- A credential the send needs (a PagerDuty routing key), encrypted with TOCSIN_SECRETS_KEY.
    credential       bytea,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         int         NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    -- Retries stop once this long has passed since retry_from (the creation, or the last manual retry).
    retry_from       timestamptz NOT NULL,
    -- A dispatcher's claim: while lease_until is in the future nobody else sends this delivery (nor any later
    -- one of its destination and incident). A dispatcher that dies leaves the lease to expire.
    claim_token      uuid,
    lease_until      timestamptz,
    last_status_code int,
    last_error       text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    delivered_at     timestamptz,
    UNIQUE (event_id, destination)
);
CREATE INDEX deliveries_pending ON notifier.deliveries (destination, incident_id, position) WHERE status = 'pending';
CREATE INDEX deliveries_by_org ON notifier.deliveries (org_id, position DESC);
CREATE INDEX deliveries_by_incident ON notifier.deliveries (org_id, incident_id, position DESC);

-- Wakes the dispatchers when a transaction that wrote deliveries commits.
CREATE FUNCTION notifier.notify_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('notifier_deliveries', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER deliveries_inserted AFTER INSERT ON notifier.deliveries
    FOR EACH STATEMENT EXECUTE FUNCTION notifier.notify_deliveries();

-- What the notifier remembers of each incident between its events.
CREATE TABLE notifier.incident_state (
    org_id              text        NOT NULL,
    incident_id         uuid        NOT NULL,
    -- The latest anomaly score (incident.auto_drafted / incident.signal_appended): it sets the PagerDuty severity.
    last_score          double precision,
    -- A PagerDuty trigger was planned and no resolve since; the routing key it used (encrypted), for the resolve.
    pagerduty_open      boolean     NOT NULL DEFAULT false,
    pagerduty_key       bytea,
    -- An incident.io incident was requested; its id once incident.io answered.
    incident_io_planned boolean     NOT NULL DEFAULT false,
    incident_io_id      text,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (org_id, incident_id)
);

-- Integration settings per organisation. Secrets (API tokens, routing keys, webhook signing secrets) are in
-- "secrets", an AES-256-GCM ciphertext of a JSON object; "settings" holds the rest.
CREATE TABLE notifier.integrations (
    org_id      text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('pagerduty', 'incident_io')),
    settings    jsonb       NOT NULL DEFAULT '{}',
    secrets     bytea,
    updated_by  text,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (org_id, kind)
);

-- PagerDuty webhook event ids already acted on, so that a replayed webhook does nothing.
CREATE TABLE notifier.pagerduty_webhook_events (
    org_id       text        NOT NULL,
    event_id     text        NOT NULL,
    event_type   text        NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (org_id, event_id)
);
CREATE INDEX pagerduty_webhook_events_by_age ON notifier.pagerduty_webhook_events (received_at);

-- Webhook subscriptions; the signing secret is encrypted.
CREATE TABLE notifier.webhooks (
    id          uuid        PRIMARY KEY,
    org_id      text        NOT NULL,
    url         text        NOT NULL,
    events      text[]      NOT NULL DEFAULT '{}',
    enabled     boolean     NOT NULL DEFAULT true,
    secret      bytea       NOT NULL,
    created_by  text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX webhooks_by_org ON notifier.webhooks (org_id, created_at);

-- People who receive email, and their preferences (keyed by the JWT subject, default on).
CREATE TABLE notifier.recipients (
    id          uuid        PRIMARY KEY,
    org_id      text        NOT NULL,
    email       text        NOT NULL,
    name        text,
    user_id     text,
    roles       text[]      NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL,
    UNIQUE (org_id, email)
);
CREATE UNIQUE INDEX recipients_by_user ON notifier.recipients (org_id, user_id) WHERE user_id IS NOT NULL;

CREATE TABLE notifier.notification_preferences (
    org_id                text        NOT NULL,
    user_id               text        NOT NULL,
    auto_incident_drafts  boolean     NOT NULL,
    updated_at            timestamptz NOT NULL,
    PRIMARY KEY (org_id, user_id)
);

CREATE TABLE notifier.outbox (
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
CREATE INDEX outbox_unsent ON notifier.outbox (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent ON notifier.outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Wakes the relays when a transaction that wrote outbox rows commits.
CREATE FUNCTION notifier.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('notifier_outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_inserted AFTER INSERT ON notifier.outbox
    FOR EACH STATEMENT EXECUTE FUNCTION notifier.notify_outbox();

-- Processed message ids: incident events by CloudEvent id.
CREATE TABLE notifier.inbox (
    consumer      text        NOT NULL,
    message_id    text        NOT NULL,
    processed_at  timestamptz NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
-- The platform's inbox consumer forgets ids after the retention (7 days).
CREATE INDEX inbox_by_age ON notifier.inbox (processed_at);
