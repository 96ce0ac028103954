#!/usr/bin/env bash
# Tocsin local suite: builds what is missing or out of date, starts devstack (PostgreSQL + Artemis) and the
# services, prints how to call them, and runs until Ctrl-C, which stops everything. See deploy/local/README.md.
#
# Written for bash 3.2+ (macOS /bin/bash included); needs java (JDK 17+), curl, and mvn when a build is needed.

set -u

# ---------------------------------------------------------------------------------------------------------------
# Services, in start order (stopped in reverse order). One line per service: "NAME JAR PORT", JAR relative to the
# repository root. Each one is started with the environment built in start_service and must answer 200 on
# /q/health/ready.
# TOCSIN_PORT_OFFSET (default 0) is added to every port, so that a second suite (a benchmark, say) can run
# beside the usual one with its own --data folder.
OFFSET=${TOCSIN_PORT_OFFSET:-0}
case $OFFSET in ''|*[!0-9]*) echo "run.sh: TOCSIN_PORT_OFFSET must be a number (got '$OFFSET')" >&2; exit 2 ;; esac
SERVICES=(
  "incident-service incident-service/target/quarkus-app/quarkus-run.jar $((8081 + OFFSET))"
  "autodraft-service autodraft-service/target/quarkus-app/quarkus-run.jar $((8082 + OFFSET))"
  "notifier-service notifier-service/target/quarkus-app/quarkus-run.jar $((8083 + OFFSET))"
  "gateway gateway/target/quarkus-app/quarkus-run.jar $((8080 + OFFSET))"
)
# The single entry for users and tools; the services' own ports are for debugging.
GATEWAY_PORT=$((8080 + OFFSET))
GATEWAY_URL=http://localhost:$GATEWAY_PORT
PG_PORT=$((5433 + OFFSET))
AMQP_PORT=$((5673 + OFFSET))
# --with-fakes: local stand-ins for PagerDuty, incident.io, webhook receivers and an SMTP server (fakes module).
FAKES_HTTP_PORT=$((8090 + OFFSET))
FAKES_SMTP_PORT=$((2525 + OFFSET))
FAKES_TIMEOUT=60       # seconds to wait for "fakes ready"
DEVSTACK_TIMEOUT=120   # seconds to wait for "devstack ready"
SERVICE_TIMEOUT=120    # seconds to wait for a service's readiness check
SERVICE_STOP=20        # seconds a service gets to stop after SIGTERM
DEVSTACK_STOP=30       # seconds devstack gets to stop after SIGTERM (PostgreSQL and Artemis shut down cleanly)
# ---------------------------------------------------------------------------------------------------------------

# The repository root, from this script's own location (symbolic links followed).
script=${BASH_SOURCE[0]}
while [ -h "$script" ]; do
  dir=$(cd -P "$(dirname "$script")" && pwd)
  script=$(readlink "$script")
  case $script in /*) ;; *) script=$dir/$script ;; esac
done
HERE=$(cd -P "$(dirname "$script")" && pwd)
ROOT=$(cd -P "$HERE/../.." && pwd)

usage() {
  cat <<EOF
usage: deploy/local/run.sh [--rebuild] [--data DIR] [--with-fakes]

Starts the Tocsin local suite in the foreground: devstack (PostgreSQL on $PG_PORT, Artemis AMQP on $AMQP_PORT)
and the services behind the gateway on $GATEWAY_PORT (incident-service $((8081 + OFFSET)), autodraft-service
$((8082 + OFFSET)), notifier-service $((8083 + OFFSET))). Ctrl-C stops everything.
Environment: TOCSIN_PORT_OFFSET=N adds N to every port (use it with --data to run a second suite).

  --rebuild    run the Maven build even if the artifacts look up to date
  --data DIR   data folder (database, broker journal, signing keys, logs); default <repo>/.tocsin-local
  --with-fakes also start local stand-ins for PagerDuty, incident.io, webhook receivers and an SMTP server
               (console on $FAKES_HTTP_PORT, SMTP on $FAKES_SMTP_PORT; what they receive is kept in DATA/fakes) and
               point the notifier at them, so that pages, emails and webhooks can be tried without accounts
  -h, --help   this help
EOF
}

REBUILD=0
WITH_FAKES=0
DATA=$ROOT/.tocsin-local
while [ $# -gt 0 ]; do
  case $1 in
    --rebuild) REBUILD=1 ;;
    --with-fakes) WITH_FAKES=1 ;;
    --data)
      [ $# -ge 2 ] && [ -n "$2" ] || { echo "run.sh: --data needs a folder" >&2; usage >&2; exit 2; }
      DATA=$2
      shift ;;
    --data=*) DATA=${1#--data=} ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

say() { echo "[tocsin] $*"; }
fail() { echo "[tocsin] ERROR: $*" >&2; exit 1; }

JAVA=java
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && JAVA=$JAVA_HOME/bin/java
command -v "$JAVA" >/dev/null 2>&1 || fail "java not found (install JDK 17+ or set JAVA_HOME)"
command -v curl >/dev/null 2>&1 || fail "curl not found"

# The data folder, as an absolute path (relative paths are taken from the current folder).
mkdir -p "$DATA/logs" || fail "cannot create $DATA/logs"
DATA=$(cd -P "$DATA" && pwd)
LOGS=$DATA/logs
CALLER_DIR=$(pwd -P)
cd "$ROOT" || exit 1

# How to show paths to the user: relative to the repository when run from its root.
if [ "$CALLER_DIR" = "$ROOT" ]; then
  TOKEN_CMD=deploy/local/token.sh
else
  TOKEN_CMD=$ROOT/deploy/local/token.sh
fi
[ "$DATA" = "$ROOT/.tocsin-local" ] || TOKEN_CMD="$TOKEN_CMD --data '$DATA'"

# ---------------------------------------------------------------------------------------------------------------
# Ports

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

check_port() {
  local port=$1 what=$2
  if port_in_use "$port"; then
    echo "[tocsin] ERROR: port $port ($what) is already in use. Stop whatever listens on it" \
      "(another run.sh?) and try again." >&2
    if [ "$port" = "$PG_PORT" ] && [ -f "$DATA/postgres/postmaster.pid" ]; then
      echo "[tocsin] It may be a PostgreSQL left over from an earlier run: its pid is on the first line of" \
        "$DATA/postgres/postmaster.pid" >&2
    fi
    exit 1
  fi
}

check_port "$PG_PORT" "PostgreSQL"
check_port "$AMQP_PORT" "Artemis AMQP"
if [ "$WITH_FAKES" = 1 ]; then
  check_port "$FAKES_HTTP_PORT" "fakes HTTP"
  check_port "$FAKES_SMTP_PORT" "fakes SMTP"
fi
for spec in "${SERVICES[@]}"; do
  set -- $spec
  check_port "$3" "$1"
done

# ---------------------------------------------------------------------------------------------------------------
# Build

# plain_jar MODULE: the newest runnable jar of a plain (non-Quarkus) module; its dependencies are in target/lib.
plain_jar() {
  local jar found=
  for jar in "$ROOT/$1"/target/"$1"-*.jar; do
    case $jar in *-sources.jar|*-tests.jar|*-javadoc.jar) continue ;; esac
    [ -f "$jar" ] || continue
    if [ -z "$found" ] || [ "$jar" -nt "$found" ]; then found=$jar; fi
  done
  echo "$found"
}

# The artifact a module's build produces: the Quarkus launcher if there is one, else the module's jar.
module_artifact() {
  local dir=$1 jar
  if [ -f "$dir/target/quarkus-app/quarkus-run.jar" ]; then
    echo "$dir/target/quarkus-app/quarkus-run.jar"
    return
  fi
  for jar in "$dir"/target/*.jar; do
    case $jar in *-sources.jar|*-tests.jar|*-javadoc.jar) continue ;; esac
    [ -f "$jar" ] && { echo "$jar"; return; }
  done
}

# Prints why a build is needed (nothing if it is not). Cheap: only file times are compared.
# BUILD_STAMP (git-ignored, removed by mvn clean) marks the last successful build by this script: a file counts as
# changed only if it is newer than its module's artifact and than that build, because Maven does not rewrite a jar
# whose content did not change. Tests (src/test) do not count: they are not part of what runs.
BUILD_STAMP=$ROOT/target/local-suite.build-stamp
build_reason() {
  local jar spec dir art oldest= changed stamp_args=()
  for dir in devstack fakes; do
    jar=$(plain_jar $dir)
    [ -n "$jar" ] || { echo "$dir jar missing"; return; }
    [ -d "$ROOT/$dir/target/lib" ] || { echo "$dir/target/lib missing"; return; }
  done
  for spec in "${SERVICES[@]}"; do
    set -- $spec
    [ -f "$ROOT/$2" ] || { echo "$2 missing"; return; }
  done
  [ -f "$BUILD_STAMP" ] && stamp_args=(-newer "$BUILD_STAMP")
  for dir in "$ROOT"/*/; do
    dir=${dir%/}
    [ -f "$dir/pom.xml" ] && [ -d "$dir/src/main" ] || continue
    art=$(module_artifact "$dir")
    [ -n "$art" ] || { echo "${dir#"$ROOT"/} has not been built"; return; }
    if [ -z "$oldest" ] || [ "$art" -ot "$oldest" ]; then oldest=$art; fi
    changed=$(find "$dir/src/main" "$dir/pom.xml" -type f -newer "$art" ${stamp_args[@]+"${stamp_args[@]}"} \
      -print 2>/dev/null | head -n 1)
    [ -z "$changed" ] || { echo "${changed#"$ROOT"/} changed"; return; }
  done
  if [ -n "$oldest" ]; then
    changed=$(find "$ROOT/pom.xml" -newer "$oldest" ${stamp_args[@]+"${stamp_args[@]}"} -print 2>/dev/null)
    [ -z "$changed" ] || { echo "pom.xml changed"; return; }
  fi
}

reason=
if [ "$REBUILD" = 1 ]; then reason="--rebuild"; else reason=$(build_reason); fi
if [ -n "$reason" ]; then
  MVN=mvn
  [ -x "$ROOT/mvnw" ] && MVN=$ROOT/mvnw
  command -v "$MVN" >/dev/null 2>&1 || fail "a build is needed ($reason) but Maven (mvn) was not found"
  say "Building ($reason): mvn -B -q -DskipTests -Dexec.skip install ..."
  mkdir -p "$ROOT/target"
  : > "$BUILD_STAMP.new"   # taken before the build: files edited during the build still count as changed
  "$MVN" -B -q -DskipTests -Dexec.skip install || { rm -f "$BUILD_STAMP.new"; fail "the Maven build failed (see above)"; }
  mv -f "$BUILD_STAMP.new" "$BUILD_STAMP"
  reason=$(build_reason)
  case $reason in *missing*|*"not been built"*) fail "the build did not produce what run.sh needs: $reason" ;; esac
fi
DEVSTACK_JAR=$(plain_jar devstack)
FAKES_JAR=$(plain_jar fakes)

# ---------------------------------------------------------------------------------------------------------------
# Processes: started in order, stopped in reverse order.

PIDS=()
NAMES=()
STOP_TIMEOUTS=()
SLEEP_PID=
STOPPING=0

# stop_process PID NAME TIMEOUT: SIGTERM, wait up to TIMEOUT seconds, then SIGKILL.
stop_process() {
  local pid=$1 name=$2 timeout=$3 deadline
  if kill -0 "$pid" 2>/dev/null; then
    say "Stopping $name (pid $pid) ..."
    kill -TERM "$pid" 2>/dev/null
    deadline=$((SECONDS + timeout))
    while kill -0 "$pid" 2>/dev/null; do
      if [ $SECONDS -ge $deadline ]; then
        say "$name did not stop within ${timeout}s: killing it"
        kill -KILL "$pid" 2>/dev/null
        break
      fi
      sleep 0.2
    done
  fi
  wait "$pid" 2>/dev/null
}

# If devstack had to be killed, its PostgreSQL (a separate process) may still be running: stop it (fast shutdown).
stop_leftover_postgres() {
  local pidfile=$DATA/postgres/postmaster.pid pid deadline
  [ -f "$pidfile" ] || return 0
  pid=$(head -n 1 "$pidfile" 2>/dev/null)
  case $pid in ''|*[!0-9]*) return 0 ;; esac
  kill -0 "$pid" 2>/dev/null || return 0
  case $(ps -p "$pid" -o comm= 2>/dev/null) in *postgres*) ;; *) return 0 ;; esac
  say "Stopping the PostgreSQL left behind by devstack (pid $pid) ..."
  kill -INT "$pid" 2>/dev/null
  deadline=$((SECONDS + 20))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
}

stop_all() {
  [ "$STOPPING" = 1 ] && return
  STOPPING=1
  trap 'say "Still stopping, please wait ..."' INT TERM HUP
  [ -n "$SLEEP_PID" ] && kill "$SLEEP_PID" 2>/dev/null
  local i devstack_killed=0
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    stop_process "${PIDS[$i]}" "${NAMES[$i]}" "${STOP_TIMEOUTS[$i]}"
  done
  [ ${#PIDS[@]} -gt 0 ] && stop_leftover_postgres
  [ ${#PIDS[@]} -gt 0 ] && say "Stopped. Data kept in $DATA"
  PIDS=()
}

on_signal() {
  echo
  say "$1 received: stopping the local suite ..."
  stop_all
  exit 0
}
trap 'on_signal SIGINT' INT
trap 'on_signal SIGTERM' TERM
trap 'on_signal SIGHUP' HUP
trap 'stop_all' EXIT

# start NAME STOP_TIMEOUT LOGFILE COMMAND...: starts COMMAND in the background, output to LOGFILE (replaced).
start() {
  local name=$1 timeout=$2 log=$3
  shift 3
  "$@" >"$log" 2>&1 </dev/null &
  PIDS+=($!)
  NAMES+=("$name")
  STOP_TIMEOUTS+=("$timeout")
}

# died NAME PID LOG: reports a process that exited on its own, with the end of its log.
died() {
  local name=$1 pid=$2 log=$3 rc
  wait "$pid" 2>/dev/null
  rc=$?
  echo "[tocsin] ERROR: $name exited unexpectedly (exit code $rc). Last lines of $log:" >&2
  tail -n 30 "$log" 2>/dev/null | sed 's/^/    /' >&2
}

# await_line NAME PATTERN TIMEOUT: waits until the log of the process started last prints a line matching PATTERN.
await_line() {
  local name=$1 pattern=$2 timeout=$3 log=$LOGS/$1.log pid deadline
  pid=${PIDS[${#PIDS[@]} - 1]}
  deadline=$((SECONDS + timeout))
  until grep -q "$pattern" "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      died "$name" "$pid" "$log"
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "[tocsin] ERROR: $name not ready after ${timeout}s. Last lines of $log:" >&2
      tail -n 30 "$log" | sed 's/^/    /' >&2
      exit 1
    fi
    sleep 0.5
  done
}

start_devstack() {
  say "Starting devstack (PostgreSQL $PG_PORT, Artemis AMQP $AMQP_PORT, data in $DATA) ..."
  start devstack "$DEVSTACK_STOP" "$LOGS/devstack.log" "$JAVA" -cp "$DEVSTACK_JAR:$ROOT/devstack/target/lib/*" \
    io.tocsin.devstack.DevStackMain --data "$DATA" --pg-port "$PG_PORT" --amqp-port "$AMQP_PORT"
  await_line devstack '^devstack ready' "$DEVSTACK_TIMEOUT"
}

start_fakes() {
  say "Starting the fakes (console http://localhost:$FAKES_HTTP_PORT/, SMTP $FAKES_SMTP_PORT, recorded in $DATA/fakes) ..."
  start fakes "$SERVICE_STOP" "$LOGS/fakes.log" "$JAVA" -cp "$FAKES_JAR:$ROOT/fakes/target/lib/*" io.tocsin.fakes.FakesMain \
    --http-port "$FAKES_HTTP_PORT" --smtp-port "$FAKES_SMTP_PORT" --dir "$DATA/fakes"
  await_line fakes '^fakes ready' "$FAKES_TIMEOUT"
}

# start_service NAME JAR PORT: starts a Quarkus service against devstack and waits for /q/health/ready.
start_service() {
  local name=$1 jar=$ROOT/$2 port=$3 log=$LOGS/$1.log pid deadline code port_var
  local extra=()
  # incident-service -> TOCSIN_INCIDENT_PORT, gateway -> TOCSIN_GATEWAY_PORT
  port_var=TOCSIN_$(echo "${name%-service}" | tr 'a-z-' 'A-Z_')_PORT
  if [ "$name" = notifier-service ]; then
    # Integration credentials are sealed with this key, so it is kept with the data. Without an SMTP
    # server (TOCSIN_SMTP_HOST), draft emails are logged instead of sent.
    [ -f "$DATA/keys/secrets.key" ] || (umask 077; head -c 32 /dev/urandom | base64 > "$DATA/keys/secrets.key")
    local mock=true
    [ -n "${TOCSIN_SMTP_HOST:-}" ] && mock=false
    extra=("TOCSIN_SECRETS_KEY=$(cat "$DATA/keys/secrets.key")" "TOCSIN_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true")
    if [ "$WITH_FAKES" = 1 ]; then
      # Every organisation pages the PagerDuty fake and opens incident.io fake incidents (fallback key and token;
      # the per-org configuration APIs still override them), and email goes to the SMTP catcher.
      extra+=("PAGERDUTY_EVENTS_URL=http://127.0.0.1:$FAKES_HTTP_PORT/pagerduty"
        "PAGERDUTY_SERVICE_KEY=${PAGERDUTY_SERVICE_KEY:-fakeroutingkey00000000000000000}"
        "INCIDENT_IO_API_URL=http://127.0.0.1:$FAKES_HTTP_PORT/incident-io"
        "INCIDENT_IO_API_TOKEN=${INCIDENT_IO_API_TOKEN:-fake-incident-io-token}"
        "INCIDENT_IO_RESOLVED_STATUS_NAME=${INCIDENT_IO_RESOLVED_STATUS_NAME:-Resolved}"
        "TOCSIN_SMTP_HOST=127.0.0.1" "TOCSIN_SMTP_PORT=$FAKES_SMTP_PORT" "TOCSIN_SMTP_START_TLS=DISABLED")
      mock=false
    fi
    extra+=("QUARKUS_MAILER_MOCK=$mock")
  fi
  if [ "$name" = gateway ]; then
    # Only the gateway runs the "local" profile: it trusts the local dev issuer (token.sh) and signs
    # internal JWTs with devstack's private key. The services keep verifying with the public key.
    # The routes point at this suite's services (their ports move with TOCSIN_PORT_OFFSET).
    extra=("QUARKUS_PROFILE=local" "TOCSIN_JWT_PRIVATE_KEY_LOCATION=file:$DATA/keys/private.pem"
      "TOCSIN_OIDC_PUBLIC_KEY=$(cat "$DATA/keys/public.pem")"
      "TOCSIN_INCIDENT_URL=http://127.0.0.1:$((8081 + OFFSET))" "TOCSIN_AUTODRAFT_URL=http://127.0.0.1:$((8082 + OFFSET))"
      "TOCSIN_NOTIFIER_URL=http://127.0.0.1:$((8083 + OFFSET))")
  fi
  say "Starting $name on port $port ..."
  start "$name" "$SERVICE_STOP" "$log" env \
    "$port_var=$port" \
    "QUARKUS_HTTP_PORT=$port" \
    "TOCSIN_DB_REACTIVE_URL=postgresql://127.0.0.1:$PG_PORT/tocsin" \
    "TOCSIN_DB_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/tocsin" \
    "TOCSIN_DB_USERNAME=postgres" \
    "TOCSIN_DB_PASSWORD=postgres" \
    "TOCSIN_AMQP_HOST=127.0.0.1" \
    "TOCSIN_AMQP_PORT=$AMQP_PORT" \
    "TOCSIN_JWT_PUBLIC_KEY_LOCATION=file:$DATA/keys/public.pem" \
    "TOCSIN_PUBLIC_URL=$GATEWAY_URL" \
    ${extra[@]+"${extra[@]}"} \
    "$JAVA" -jar "$jar"
  pid=${PIDS[${#PIDS[@]} - 1]}
  deadline=$((SECONDS + SERVICE_TIMEOUT))
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/q/health/ready" 2>/dev/null)
    [ "$code" = 200 ] && break
    if ! kill -0 "$pid" 2>/dev/null; then
      died "$name" "$pid" "$log"
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "[tocsin] ERROR: $name not ready after ${SERVICE_TIMEOUT}s (last status: ${code:-none})." \
        "Last lines of $log:" >&2
      tail -n 30 "$log" | sed 's/^/    /' >&2
      exit 1
    fi
    sleep 1
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Run

start_devstack
[ "$WITH_FAKES" = 1 ] && start_fakes
for spec in "${SERVICES[@]}"; do
  set -- $spec
  start_service "$1" "$2" "$3"
done

FIRST_URL=$GATEWAY_URL
echo
say "The Tocsin local suite is up. Use the gateway: $GATEWAY_URL"
for spec in "${SERVICES[@]}"; do
  set -- $spec
  printf '  %-18s http://localhost:%s\n' "$1" "$3"
done
printf '  %-18s jdbc:postgresql://127.0.0.1:%s/tocsin (user postgres)\n' "PostgreSQL" "$PG_PORT"
printf '  %-18s 127.0.0.1:%s\n' "Artemis AMQP" "$AMQP_PORT"
if [ "$WITH_FAKES" = 1 ]; then
  printf '  %-18s http://localhost:%s/ (PagerDuty, incident.io, webhooks on /webhooks/<name>, mail on SMTP %s)\n' \
    "fakes console" "$FAKES_HTTP_PORT" "$FAKES_SMTP_PORT"
  echo "  Received by the fakes: $DATA/fakes/ (one file per request, .eml per message)"
fi
echo "  Logs:  $LOGS/ (devstack.log, <service>.log)"
echo "  Data:  $DATA (kept between runs; stop and delete it to reset)"
echo
if TOKEN=$(bash "$HERE/token.sh" --data "$DATA") && [ -n "$TOKEN" ]; then
  echo "A token (org demo, roles owner) for the gateway, valid for 60 minutes; get a new one with: $TOKEN_CMD"
  echo "  TOKEN=$TOKEN"
else
  echo "Could not mint a token (see above); try: $TOKEN_CMD"
  echo "  TOKEN=\$($TOKEN_CMD)"
fi
echo
echo "Declare an incident:"
echo "  curl -s -X POST $FIRST_URL/api/incidents -H \"Authorization: Bearer \$TOKEN\" -H 'Content-Type: application/json' -d '{\"title\":\"Checkout errors\",\"severity\":\"SEV1\",\"services\":[\"checkout-api\"]}'"
echo "List incidents:"
echo "  curl -s $FIRST_URL/api/incidents -H \"Authorization: Bearer \$($TOKEN_CMD)\""
echo
say "Running. Press Ctrl-C to stop everything."

# Wait; if any process exits on its own, report it and stop the rest.
while :; do
  sleep 1 &
  SLEEP_PID=$!
  wait "$SLEEP_PID" 2>/dev/null
  SLEEP_PID=
  for ((i = 0; i < ${#PIDS[@]}; i++)); do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      died "${NAMES[$i]}" "${PIDS[$i]}" "$LOGS/${NAMES[$i]}.log"
      stop_all
      exit 1
    fi
  done
done
