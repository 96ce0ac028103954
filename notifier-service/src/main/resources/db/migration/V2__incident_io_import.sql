-- The incident.io import (SPEC §6.3): pages of incident.io incidents become import_incident commands.

-- One row per organisation that imports: whether it runs on a schedule, where the current pass is, and how the
-- last attempt went. Replicas claim a due row under a lease (claimed with FOR UPDATE SKIP LOCKED, the lease
-- outliving that short transaction), fetch a page without holding a transaction, and commit the page's commands
-- together with the cursor only while their claim is still current. A replica that dies leaves the lease to expire;
-- the next one resumes after the last committed page.
CREATE TABLE notifier.incident_io_imports (
    org_id            text        PRIMARY KEY,
    -- Run a pass every interval (INCIDENT_IO_IMPORT_INTERVAL); without it, only when an admin asks.
    scheduled         boolean     NOT NULL DEFAULT false,
    -- An admin asked for a pass now (POST /api/integrations/incident-io/import); cleared when a pass ends.
    run_requested     boolean     NOT NULL DEFAULT false,
    state             text        NOT NULL DEFAULT 'idle'
                                  CHECK (state IN ('idle', 'running', 'retrying', 'failed', 'completed')),
    -- incident.io's "after" cursor of the last committed page; NULL: the next page is the first of a pass.
    page_cursor       text,
    -- When a replica should next fetch a page; NULL: nothing planned.
    next_run_at       timestamptz,
    claim_token       uuid,
    lease_until       timestamptz,
    -- The pass in progress (or the last one): when it started, pages and incidents read, commands sent.
    pass_started_at   timestamptz,
    pass_pages        int         NOT NULL DEFAULT 0,
    pass_incidents    int         NOT NULL DEFAULT 0,
    pass_commands     int         NOT NULL DEFAULT 0,
    -- Consecutive failed attempts (the backoff grows with them), and the last failure, shown to admins.
    failures          int         NOT NULL DEFAULT 0,
    last_status_code  int,
    last_error        text,
    last_attempt_at   timestamptz,
    last_completed_at timestamptz,
    commands_total    bigint      NOT NULL DEFAULT 0,
    updated_by        text,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX incident_io_imports_due ON notifier.incident_io_imports (next_run_at) WHERE next_run_at IS NOT NULL;

-- What was last sent for each imported incident.io incident: a fingerprint of its command's content. A page
-- sends a command only for incidents that are new or changed, in the transaction that records the fingerprint.
CREATE TABLE notifier.incident_io_imported (
    org_id         text        NOT NULL,
    external_id    text        NOT NULL,
    fingerprint    text        NOT NULL,
    command_id     uuid        NOT NULL,
    first_sent_at  timestamptz NOT NULL,
    last_sent_at   timestamptz NOT NULL,
    PRIMARY KEY (org_id, external_id)
);

-- incident.io incidents opened by Tocsin (incident_state.incident_io_id) are skipped by the import: looked up by id.
CREATE INDEX incident_state_incident_io_id ON notifier.incident_state (org_id, incident_io_id)
    WHERE incident_io_id IS NOT NULL;
