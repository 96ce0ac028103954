-- Analytics at scale: 1,000,000 incidents across 50 organisations (bench-01 … bench-50, 20,000 each), declared
-- over 2024 and 2025, with the catalogue and team mapping that team attribution reads. See incident-service/README.md
-- ("Analytics at scale"). Run it against a database that incident-service has migrated (start the service once):
--
--   psql -h 127.0.0.1 -p 5433 -U postgres -d tocsin -v ON_ERROR_STOP=1 -f incident-service/bench/seed-analytics.sql
--
-- Re-running replaces the bench organisations' data. Takes a few minutes (most of it building indexes' entries).

\timing on
SELECT setseed(0.42);

-- Start from nothing for the bench organisations (their incidents have no timeline, links or postmortems).
DELETE FROM incident.incidents WHERE org_id LIKE 'bench-%';
DELETE FROM incident.services WHERE org_id LIKE 'bench-%';
DELETE FROM incident.team_mappings WHERE org_id LIKE 'bench-%';
UPDATE incident.teams SET parent_id = NULL WHERE org_id LIKE 'bench-%';
DELETE FROM incident.teams WHERE org_id LIKE 'bench-%';

-- Teams: per organisation a root, four teams under it, and one child team under the first (Payments → Card Payments).
INSERT INTO incident.teams (org_id, id, name, parent_id, is_root, created_at, updated_at)
SELECT 'bench-' || lpad(o::text, 2, '0'), md5('bench-team-' || o || '-0')::uuid, 'Organisation', NULL, true,
       '2023-12-01', '2023-12-01'
FROM generate_series(1, 50) o;
INSERT INTO incident.teams (org_id, id, name, parent_id, is_root, created_at, updated_at)
SELECT 'bench-' || lpad(o::text, 2, '0'), md5('bench-team-' || o || '-' || t)::uuid,
       (ARRAY['Payments', 'Checkout', 'Search', 'Platform'])[t], md5('bench-team-' || o || '-0')::uuid, false,
       '2023-12-01', '2023-12-01'
FROM generate_series(1, 50) o, generate_series(1, 4) t;
INSERT INTO incident.teams (org_id, id, name, parent_id, is_root, created_at, updated_at)
SELECT 'bench-' || lpad(o::text, 2, '0'), md5('bench-team-' || o || '-5')::uuid, 'Card Payments',
       md5('bench-team-' || o || '-1')::uuid, false, '2023-12-01', '2023-12-01'
FROM generate_series(1, 50) o;

-- Services svc-01 … svc-20, owned round-robin by the five non-root teams; every fifth has no owner.
INSERT INTO incident.services (org_id, slug, name, owner_team_ids, oncall_user_id, created_at, updated_at)
SELECT 'bench-' || lpad(o::text, 2, '0'), 'svc-' || lpad(s::text, 2, '0'), 'Service ' || s,
       CASE WHEN s % 5 = 0 THEN '{}'::uuid[] ELSE ARRAY[md5('bench-team-' || o || '-' || (s % 5))::uuid] END,
       NULL, '2023-12-01', '2023-12-01'
FROM generate_series(1, 50) o, generate_series(1, 20) s;

-- Imported incidents name teams in "Affected Teams".
INSERT INTO incident.team_mappings (org_id, field, team_values, updated_at)
SELECT 'bench-' || lpad(o::text, 2, '0'), 'Affected Teams',
       jsonb_build_object('Payments', md5('bench-team-' || o || '-1')::uuid, 'Checkout', md5('bench-team-' || o || '-2')::uuid,
                          'Card Payments', md5('bench-team-' || o || '-5')::uuid),
       '2023-12-01'
FROM generate_series(1, 50) o;

-- The incidents. Per row: organisation n % 50, declared uniformly over 2024–2025; severity 5% SEV1, 15% SEV2,
-- 40% SEV3, 40% SEV4; 1% drafts and 2% dismissed drafts (never declared); open ones only in the last 30 days;
-- impact start known for 70% (0–60 min before, mostly short); acknowledgement for 95% (mostly minutes, a long
-- tail of hours); resolution hours to two days later; 10% imported from incident.io with "Affected Teams",
-- 30% with an explicit owner team; one or two affected services. Their update-cadence gap counts as already
-- reported, so that starting the service does not emit update_overdue for every open bench SEV1/SEV2.
INSERT INTO incident.incidents (id, org_id, reference, title, description, severity, status, environment, services, owners,
        commander_id, declared_by, source_kind, source_external_id, custom_fields, auto_drafted, impact_started_at,
        detected_at, declared_at, acknowledged_at, mitigated_at, resolved_at, mitigation_summary, resolution_summary,
        last_update_at, overdue_notified_for, created_at, updated_at, version)
SELECT gen_random_uuid(), org, 'INC-B-' || lpad(n::text, 7, '0'), 'Bench incident ' || n, '', severity,
       status, CASE WHEN r_env < 0.8 THEN 'production' ELSE 'staging' END, services, owners,
       'u-' || (n % 200), 'u-' || (n % 300), source_kind,
       CASE WHEN source_kind = 'incident_io' THEN 'bench-io-' || n END,
       CASE WHEN source_kind = 'incident_io' THEN jsonb_build_object('Affected Teams',
            CASE WHEN r_team < 0.25 THEN '[]'::jsonb ELSE jsonb_build_array((ARRAY['Payments', 'Checkout', 'Card Payments'])[1 + (n % 3)]) END)
            ELSE '{}'::jsonb END,
       false,
       CASE WHEN declared_at IS NOT NULL AND r_impact < 0.7 THEN declared_at - make_interval(secs => 60 + 3540 * r_impact ^ 3) END,
       NULL, declared_at, acknowledged_at, NULL,
       resolved_at, NULL, CASE WHEN resolved_at IS NOT NULL THEN 'Fixed' END,
       coalesce(resolved_at, acknowledged_at, declared_at, created_at), coalesce(resolved_at, acknowledged_at, declared_at, created_at),
       created_at, coalesce(resolved_at, created_at), 1
FROM (
    SELECT n, org, severity, services, owners, source_kind, r_env, r_team, r_impact, created_at, declared_at, acknowledged_at,
           CASE WHEN status = 'resolved' THEN coalesce(acknowledged_at, declared_at) + make_interval(secs => 600 + 172800 * r_res ^ 2) END
               AS resolved_at,
           status
    FROM (
        SELECT n, org, severity, services, owners, source_kind, r_env, r_team, r_impact, r_res, created_at,
               CASE WHEN status IN ('draft', 'dismissed') THEN NULL ELSE created_at END AS declared_at,
               CASE WHEN status IN ('draft', 'dismissed') OR r_ack >= 0.95 OR status = 'declared' THEN NULL
                    ELSE created_at + make_interval(secs => 30 + 7200 * (r_ack / 0.95) ^ 4) END AS acknowledged_at,
               status
        FROM (
            SELECT n,
                   'bench-' || lpad((1 + n % 50)::text, 2, '0') AS org,
                   CASE WHEN r_sev < 0.05 THEN 'SEV1' WHEN r_sev < 0.20 THEN 'SEV2' WHEN r_sev < 0.60 THEN 'SEV3' ELSE 'SEV4' END
                       AS severity,
                   CASE WHEN r_state < 0.01 THEN 'draft'
                        WHEN r_state < 0.03 THEN 'dismissed'
                        WHEN created_at > timestamptz '2025-12-01' AND r_state < 0.06 THEN 'declared'
                        WHEN created_at > timestamptz '2025-12-01' AND r_state < 0.10 THEN 'investigating'
                        WHEN created_at > timestamptz '2025-12-01' AND r_state < 0.12 THEN 'mitigated'
                        ELSE 'resolved' END AS status,
                   CASE WHEN r_svc < 0.3 THEN ARRAY['svc-' || lpad((1 + n % 20)::text, 2, '0'), 'svc-' || lpad((1 + (n / 20) % 20)::text, 2, '0')]
                        ELSE ARRAY['svc-' || lpad((1 + n % 20)::text, 2, '0')] END AS services,
                   CASE WHEN r_owner < 0.3 THEN ARRAY[md5('bench-team-' || (1 + n % 50) || '-' || (1 + n % 5))::uuid]
                        ELSE '{}'::uuid[] END AS owners,
                   CASE WHEN r_src < 0.1 THEN 'incident_io' ELSE 'manual' END AS source_kind,
                   r_env, r_team, r_impact, r_ack, r_res, created_at
            FROM (
                SELECT n, random() AS r_sev, random() AS r_state, random() AS r_svc, random() AS r_owner, random() AS r_src,
                       random() AS r_env, random() AS r_team, random() AS r_impact, random() AS r_ack, random() AS r_res,
                       date_trunc('second', timestamptz '2024-01-01 00:00:00+00' + random() * interval '731 days') AS created_at
                FROM generate_series(1, 1000000) AS n
            ) raw
        ) shaped
    ) timed
) final;

VACUUM ANALYZE incident.incidents;
ANALYZE incident.teams;
ANALYZE incident.services;

SELECT count(*) AS incidents, count(DISTINCT org_id) AS organisations,
       count(*) FILTER (WHERE org_id = 'bench-07' AND declared_at >= '2025-07-01' AND declared_at < '2025-10-01'
                        AND status NOT IN ('draft', 'dismissed')) AS "bench-07 in 2025 Q3"
FROM incident.incidents WHERE org_id LIKE 'bench-%';
