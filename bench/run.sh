#!/usr/bin/env bash
# Tocsin benchmarks: starts a separate local suite (its own ports and data folder), runs every scenario against it
# and against its reference in the same run, prints the table and writes it as JSON. See docs/BENCHMARKS.md.
#
#   bench/run.sh                  full run (about 15 minutes on 2 cores; the first one also seeds 1M incidents)
#   bench/run.sh --smoke          a few seconds per scenario: proves the scripts still work, measures nothing
#   bench/run.sh --only create,list
#
# Needs what the local suite needs (JDK 17+, Maven, curl) plus pgbench; wrk and Prometheus Alertmanager 0.25 are
# fetched from the Debian archive with `apt-get download` into bench/.cache (no root needed). A reference that cannot
# be obtained is reported as unavailable; its scenario still runs.

set -u

OFFSET=${TOCSIN_BENCH_PORT_OFFSET:-100}   # added to every default port: gateway 8180, PostgreSQL 5533, AMQP 5773
SUITE_READY_TIMEOUT=900                    # seconds for the suite to build (if needed) and start
SUITE_STOP_TIMEOUT=90                      # seconds for the suite to stop after SIGTERM
DRIVER_TIMEOUT=2700                        # seconds the scenarios may take in all

script=${BASH_SOURCE[0]}
while [ -h "$script" ]; do
  dir=$(cd -P "$(dirname "$script")" && pwd)
  script=$(readlink "$script")
  case $script in /*) ;; *) script=$dir/$script ;; esac
done
BENCH=$(cd -P "$(dirname "$script")" && pwd)
ROOT=$(cd -P "$BENCH/.." && pwd)

MODE=full
ONLY=
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) MODE=smoke ;;
    --only) [ $# -ge 2 ] || { echo "bench: --only needs a list" >&2; exit 2; }; ONLY=$2; shift ;;
    --only=*) ONLY=${1#--only=} ;;
    -h|--help)
      sed -n '2,12p' "$BENCH/run.sh" | sed 's/^# \{0,1\}//'
      echo "scenarios: start, create, alerts, signals, flip, fanout, list"
      exit 0 ;;
    *) echo "bench: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
case $OFFSET in ''|*[!0-9]*) echo "bench: TOCSIN_BENCH_PORT_OFFSET must be a number" >&2; exit 2 ;; esac

WORK=$BENCH/.work
CACHE=$BENCH/.cache
DATA=$WORK/suite
if [ "$MODE" = smoke ]; then
  OUT=$WORK/smoke/latest.json        # a smoke run never replaces the published results
  RUN_DIR=$WORK/smoke
elif [ -n "$ONLY" ]; then
  OUT=$WORK/partial/latest.json      # nor does a full run of some scenarios only
  RUN_DIR=$WORK/partial
else
  OUT=$BENCH/results/latest.json
  RUN_DIR=$WORK/full
fi
mkdir -p "$WORK" "$CACHE" "$RUN_DIR" "$(dirname "$OUT")"

say() { echo "[bench] $*" >&2; }
fail() { echo "[bench] ERROR: $*" >&2; exit 1; }

JAVA=java
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && JAVA=$JAVA_HOME/bin/java
command -v "$JAVA" >/dev/null 2>&1 || fail "java not found"
command -v mvn >/dev/null 2>&1 || fail "mvn not found"

# ---------------------------------------------------------------------------------------------------------------
# Reference tools. Debian packages are unpacked, not installed: bench/.cache/tools/usr/bin/...

TOOLS=$CACHE/tools
fetch_debs() {
  local missing=() pkg
  for pkg in "$@"; do
    ls "$CACHE"/debs/"${pkg}"_*.deb >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || { say "apt-get not available: cannot fetch ${missing[*]}"; return 1; }
  mkdir -p "$CACHE/debs"
  say "Fetching ${missing[*]} from the Debian archive (apt-get download) ..."
  (cd "$CACHE/debs" && timeout 300 apt-get download "${missing[@]}" >"$CACHE/debs/download.log" 2>&1) \
    || { say "apt-get download failed (see $CACHE/debs/download.log)"; return 1; }
}
unpack_debs() {
  local pkg deb
  mkdir -p "$TOOLS"
  for pkg in "$@"; do
    for deb in "$CACHE"/debs/"${pkg}"_*.deb; do
      [ -f "$deb" ] && dpkg-deb -x "$deb" "$TOOLS"
    done
  done
}
WRK=
if [ -x "$TOOLS/usr/bin/wrk" ] || { fetch_debs wrk libluajit-5.1-2 && unpack_debs wrk libluajit-5.1-2; }; then
  LD_LIBRARY_PATH=$TOOLS/usr/lib/x86_64-linux-gnu "$TOOLS/usr/bin/wrk" -v 2>&1 | grep -q '^wrk' && WRK=$TOOLS/usr/bin/wrk
fi
[ -n "$WRK" ] || say "wrk unavailable: the fan-out scenario will have no reference"
ALERTMANAGER=
if [ -x "$TOOLS/usr/bin/prometheus-alertmanager" ] || { fetch_debs prometheus-alertmanager && unpack_debs prometheus-alertmanager; }; then
  "$TOOLS/usr/bin/prometheus-alertmanager" --version >/dev/null 2>&1 && ALERTMANAGER=$TOOLS/usr/bin/prometheus-alertmanager
fi
[ -n "$ALERTMANAGER" ] || say "Alertmanager unavailable: the alert-storm scenario will have no reference"
PGBENCH=$(command -v pgbench 2>/dev/null || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -n 1)
[ -n "$PGBENCH" ] || say "pgbench unavailable: the create scenario will have no reference"

# ---------------------------------------------------------------------------------------------------------------
# The driver and the bare reference app (separate Maven projects, built here, not by the root build).

build() {
  local project=$1 artifact=$2 changed
  changed=
  if [ -f "$artifact" ]; then
    changed=$(find "$project/src" "$project/pom.xml" -type f -newer "$artifact" -print 2>/dev/null | head -n 1)
    [ -z "$changed" ] && return 0
  fi
  say "Building $(basename "$project") ..."
  (cd "$project" && { mvn -B -q -o -DskipTests package || mvn -B -q -DskipTests package; }) >"$WORK/build-$(basename "$project").log" 2>&1 \
    || { tail -n 30 "$WORK/build-$(basename "$project").log" >&2; fail "building $project failed"; }
  touch "$artifact"
}
build "$BENCH/driver" "$BENCH/driver/target/classes/io/tocsin/bench/Main.class"
build "$BENCH/bare-app" "$BENCH/bare-app/target/quarkus-app/quarkus-run.jar"
build "$BENCH/extensions-app" "$BENCH/extensions-app/target/quarkus-app/quarkus-run.jar"

# ---------------------------------------------------------------------------------------------------------------
# The bench suite: deploy/local/run.sh on its own ports and data folder. A copy of the launcher is run, because bash
# reads a script while it runs it and the original may be edited meanwhile; the copy sits two levels below the
# repository root, as the original does, so it finds the same root.

for port in $((8087 + OFFSET)) $((8088 + OFFSET)) $((8089 + OFFSET)); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && fail "port $port (bench sink, Alertmanager or bare app) is in use"
done
cp "$ROOT/deploy/local/run.sh" "$WORK/run-suite.sh"
cp "$ROOT/deploy/local/token.sh" "$WORK/token.sh"

SUITE_PID=
SUITE_LOG=$WORK/suite.log
stop_suite() {
  [ -n "$SUITE_PID" ] || return 0
  local deadline=$((SECONDS + SUITE_STOP_TIMEOUT))
  if kill -0 "$SUITE_PID" 2>/dev/null; then
    say "Stopping the bench suite ..."
    kill -TERM "$SUITE_PID" 2>/dev/null
    while kill -0 "$SUITE_PID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
  fi
  # Whatever is left of its process group (it runs in its own session).
  kill -KILL -- "-$SUITE_PID" 2>/dev/null
  SUITE_PID=
}
trap 'stop_suite' EXIT
trap 'say "interrupted"; exit 130' INT TERM HUP

# What the machine was doing before the suite started (other builds share the CPU).
cpu_busy() {
  local a b
  a=($(head -n 1 /proc/stat)); sleep 3; b=($(head -n 1 /proc/stat))
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  [ "$total" -gt 0 ] && echo $(( 100 * (total - idle) / total )) || echo 0
}
BUSY_BEFORE=$(cpu_busy)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# Starts the suite; 0 once it is running, 1 when it stopped or timed out (SUITE_PID is cleared then).
start_suite() {
  say "Starting the bench suite (ports +$OFFSET, data in ${DATA#"$ROOT"/}; log ${SUITE_LOG#"$ROOT"/}) ..."
  # The gateway's upstream URLs and the notifier's PagerDuty endpoint follow the offset; the rate limits are off
  # (SPEC §7: benchmarks raise them), so that one principal can drive the load.
  : >"$SUITE_LOG"   # before the start: the readiness check below must not see the previous run's log
  setsid env \
    TOCSIN_PORT_OFFSET="$OFFSET" \
    TOCSIN_INCIDENT_URL="http://127.0.0.1:$((8081 + OFFSET))" \
    TOCSIN_AUTODRAFT_URL="http://127.0.0.1:$((8082 + OFFSET))" \
    TOCSIN_NOTIFIER_URL="http://127.0.0.1:$((8083 + OFFSET))" \
    TOCSIN_RATE_LIMIT_ENABLED=false \
    PAGERDUTY_EVENTS_URL="http://127.0.0.1:$((8088 + OFFSET))" \
    PAGERDUTY_SERVICE_KEY=benchroutingkey00000000000000000 \
    bash "$WORK/run-suite.sh" --data "$DATA" >"$SUITE_LOG" 2>&1 </dev/null &
  SUITE_PID=$!
  local deadline=$((SECONDS + SUITE_READY_TIMEOUT))
  until grep -q 'Running. Press Ctrl-C' "$SUITE_LOG" 2>/dev/null; do
    if ! kill -0 "$SUITE_PID" 2>/dev/null; then
      tail -n 30 "$SUITE_LOG" >&2
      SUITE_PID=
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      tail -n 30 "$SUITE_LOG" >&2
      stop_suite
      return 1
    fi
    sleep 1
  done
}
if ! start_suite; then
  # Usually a database the current migrations no longer match (they changed since the data was made): start over.
  say "The bench suite did not start; retrying once with a fresh data folder (the 1M-incident seed is redone) ..."
  rm -rf "$DATA"
  start_suite || fail "the bench suite did not start (see ${SUITE_LOG#"$ROOT"/})"
fi
say "Suite ready."

# ---------------------------------------------------------------------------------------------------------------
# Machine, versions and settings, recorded with the results.

ENV_JSON=$RUN_DIR/environment.json
json_str() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr -d '\n'; }
{
  echo "{"
  echo "  \"cpu\": \"$(json_str "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')")\","
  echo "  \"cores\": $(nproc),"
  echo "  \"memory_mb\": $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo),"
  echo "  \"os\": \"$(json_str "$(uname -sr)")\","
  echo "  \"java\": \"$(json_str "$("$JAVA" -version 2>&1 | head -n 2 | tail -n 1)")\","
  echo "  \"quarkus\": \"$(sed -n 's:.*<quarkus.version>\(.*\)</quarkus.version>.*:\1:p' "$ROOT/pom.xml" | head -n 1)\","
  echo "  \"postgresql\": \"$(json_str "$(grep -m1 -o 'PostgreSQL [0-9.]*' "$DATA/postgres.log" 2>/dev/null || echo 17)")\","
  echo "  \"pgbench\": \"$(json_str "$([ -n "$PGBENCH" ] && "$PGBENCH" --version)")\","
  echo "  \"wrk\": \"$(json_str "$([ -n "$WRK" ] && LD_LIBRARY_PATH=$TOOLS/usr/lib/x86_64-linux-gnu "$WRK" -v 2>&1 | head -n 1)")\","
  echo "  \"alertmanager\": \"$(json_str "$([ -n "$ALERTMANAGER" ] && "$ALERTMANAGER" --version 2>&1 | head -n 1)")\","
  echo "  \"port_offset\": $OFFSET,"
  echo "  \"cpu_busy_percent_before_start\": $BUSY_BEFORE,"
  echo "  \"load_average_before_start\": \"$LOAD_BEFORE\""
  echo "}"
} >"$ENV_JSON"

# ---------------------------------------------------------------------------------------------------------------
# Scenarios.

say "Running the scenarios ($MODE${ONLY:+, only $ONLY}) ..."
ARGS=(--root "$ROOT" --data "$DATA" --work "$RUN_DIR" --out "$OUT" --mode "$MODE" --offset "$OFFSET"
  --environment "$ENV_JSON" --pgbench "${PGBENCH:-}" --wrk "${WRK:-}" --alertmanager "${ALERTMANAGER:-}")
[ -n "$ONLY" ] && ARGS+=(--only "$ONLY")
timeout "$DRIVER_TIMEOUT" "$JAVA" -cp "$BENCH/driver/target/classes:$BENCH/driver/target/lib/*" io.tocsin.bench.Main "${ARGS[@]}"
status=$?
[ $status -eq 124 ] && say "the scenarios did not finish within ${DRIVER_TIMEOUT}s"
say "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg); results: ${OUT#"$ROOT"/}"
exit $status
