#!/usr/bin/env bash
# Prints a token for calling the Tocsin local suite on stdout, and nothing else there (messages go to stderr).
# Today it is an internal JWT signed with devstack's keys (RS256, 5 minutes); the CLI stays the same when the
# gateway arrives and this prints an external token instead.

set -u

script=${BASH_SOURCE[0]}
while [ -h "$script" ]; do
  dir=$(cd -P "$(dirname "$script")" && pwd)
  script=$(readlink "$script")
  case $script in /*) ;; *) script=$dir/$script ;; esac
done
ROOT=$(cd -P "$(dirname "$script")/../.." && pwd)

usage() {
  cat <<EOF
usage: deploy/local/token.sh [--org ORG] [--roles ROLE[,ROLE...]] [--sub ID] [--data DIR] [--internal]

Prints a bearer token for the local suite started by deploy/local/run.sh: a token of the local dev
issuer that the gateway accepts (valid 60 minutes), e.g.
  curl -s http://localhost:8080/api/incidents -H "Authorization: Bearer \$(deploy/local/token.sh)"

  --org ORG      organisation (default demo)
  --roles LIST   comma-separated roles (default owner)
  --sub ID       user id (default local-user)
  --data DIR     data folder of run.sh (default <repo>/.tocsin-local)
  --internal     print an internal token instead (issuer tocsin-gateway, 5 minutes) for calling a
                 service directly, bypassing the gateway (debugging only)
  -h, --help     this help
EOF
}

ORG=demo
ROLES=owner
SUB=local-user
DATA=$ROOT/.tocsin-local
INTERNAL=0
while [ $# -gt 0 ]; do
  case $1 in
    --internal) INTERNAL=1 ;;
    --org|--roles|--sub|--data)
      if [ $# -lt 2 ] || [ -z "$2" ]; then
        echo "token.sh: $1 needs a value" >&2
        usage >&2
        exit 2
      fi
      case $1 in
        --org) ORG=$2 ;;
        --roles) ROLES=$2 ;;
        --sub) SUB=$2 ;;
        --data) DATA=$2 ;;
      esac
      shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "token.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

JAVA=java
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && JAVA=$JAVA_HOME/bin/java

devstack_jar() {
  local jar found=
  for jar in "$ROOT"/devstack/target/devstack-*.jar; do
    case $jar in *-sources.jar|*-tests.jar|*-javadoc.jar) continue ;; esac
    [ -f "$jar" ] || continue
    if [ -z "$found" ] || [ "$jar" -nt "$found" ]; then found=$jar; fi
  done
  echo "$found"
}

JAR=$(devstack_jar)
if [ -z "$JAR" ] || [ ! -d "$ROOT/devstack/target/lib" ]; then
  MVN=mvn
  [ -x "$ROOT/mvnw" ] && MVN=$ROOT/mvnw
  echo "token.sh: building devstack (mvn -B -q -DskipTests install -pl devstack -am) ..." >&2
  (cd "$ROOT" && "$MVN" -B -q -DskipTests install -pl devstack -am) >&2 || {
    echo "token.sh: the devstack build failed" >&2
    exit 1
  }
  JAR=$(devstack_jar)
  [ -n "$JAR" ] || { echo "token.sh: no devstack jar after the build" >&2; exit 1; }
fi

if [ ! -f "$DATA/keys/private.pem" ]; then
  echo "token.sh: no signing keys in $DATA/keys yet: start deploy/local/run.sh first (it creates them)." >&2
  exit 1
fi

if [ "$INTERNAL" = 1 ]; then
  # What the gateway mints for the services: they accept nothing longer than 5 minutes.
  TOKEN_ARGS=(--issuer tocsin-gateway --audience tocsin --ttl-minutes 5)
else
  # An external token of the local dev issuer, which only the gateway (local profile) trusts.
  TOKEN_ARGS=(--issuer tocsin-local-dev --audience tocsin-api --ttl-minutes 60)
fi
exec "$JAVA" -cp "$JAR:$ROOT/devstack/target/lib/*" io.tocsin.devstack.TokenMain \
  --keys "$DATA/keys" --org "$ORG" --roles "$ROLES" --sub "$SUB" "${TOKEN_ARGS[@]}"
