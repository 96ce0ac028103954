#!/bin/bash
# First start of the dev PostgreSQL only (docker-entrypoint-initdb.d): the image has already created the database
# "tocsin" (POSTGRES_DB). Creates one login role per service, each owning the one schema it migrates with Flyway.
# The passwords come from the tocsin-db-<service> Secrets (environment of the StatefulSet), never from this file.
# Role names must match the "username" keys of those Secrets.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set incident_password="$TOCSIN_INCIDENT_DB_PASSWORD" \
  --set autodraft_password="$TOCSIN_AUTODRAFT_DB_PASSWORD" \
  --set notifier_password="$TOCSIN_NOTIFIER_DB_PASSWORD" \
  --set gateway_password="$TOCSIN_GATEWAY_DB_PASSWORD" <<'SQL'
REVOKE ALL ON DATABASE tocsin FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE ROLE incident LOGIN PASSWORD :'incident_password';
CREATE ROLE autodraft LOGIN PASSWORD :'autodraft_password';
CREATE ROLE notifier LOGIN PASSWORD :'notifier_password';
CREATE ROLE gateway LOGIN PASSWORD :'gateway_password';

GRANT CONNECT, TEMPORARY ON DATABASE tocsin TO incident, autodraft, notifier, gateway;

CREATE SCHEMA incident AUTHORIZATION incident;
CREATE SCHEMA autodraft AUTHORIZATION autodraft;
CREATE SCHEMA notifier AUTHORIZATION notifier;
CREATE SCHEMA gateway AUTHORIZATION gateway;

ALTER ROLE incident SET search_path = incident;
ALTER ROLE autodraft SET search_path = autodraft;
ALTER ROLE notifier SET search_path = notifier;
ALTER ROLE gateway SET search_path = gateway;
SQL
