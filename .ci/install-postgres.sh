#!/usr/bin/env bash
# Provisions PostgreSQL 15 with pgvector, pg_trgm and unaccent on Debian 12 and makes sure it runs
# on 127.0.0.1:5432. Idempotent: a second run with everything in place takes about a second.
set -euo pipefail

PG_MAJOR=${PG_MAJOR:-15}
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

log() { printf '[install-postgres] %s\n' "$*"; }

apt_updated=false
apt_update_once() {
  if [ "$apt_updated" = false ]; then
    $SUDO apt-get update -qq
    apt_updated=true
  fi
}

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d "/usr/lib/postgresql/$PG_MAJOR" ]; then
  log "installing PostgreSQL $PG_MAJOR"
  apt_update_once
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "postgresql-$PG_MAJOR" "postgresql-contrib-$PG_MAJOR" >/dev/null || \
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "postgresql-$PG_MAJOR" >/dev/null
fi

if [ ! -f "/usr/share/postgresql/$PG_MAJOR/extension/vector.control" ]; then
  log "building pgvector from Debian trixie's source package"
  src_list=/etc/apt/sources.list.d/trixie-src.list
  if [ ! -f "$src_list" ]; then
    echo "deb-src http://deb.debian.org/debian trixie main" | $SUDO tee "$src_list" >/dev/null
  fi
  apt_update_once
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq dpkg-dev "postgresql-server-dev-$PG_MAJOR" make gcc >/dev/null
  build_dir=$(mktemp -d)
  (
    cd "$build_dir"
    apt-get source -qq pgvector >/dev/null 2>&1
    cd pgvector-*/
    export PG_CONFIG="/usr/lib/postgresql/$PG_MAJOR/bin/pg_config"
    make -s >/dev/null
    $SUDO make -s install >/dev/null
  )
  rm -rf "$build_dir"
fi

if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PG_MAJOR" '$1==v && $2=="main"' | grep -q .; then
  log "creating cluster $PG_MAJOR/main"
  $SUDO pg_createcluster "$PG_MAJOR" main >/dev/null
fi

if ! pg_lsclusters -h | awk -v v="$PG_MAJOR" '$1==v && $2=="main" {print $4}' | grep -q online; then
  log "starting PostgreSQL $PG_MAJOR/main"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" main start
fi

wait_ready() {
  for _ in $(seq 1 30); do
    if pg_isready -q -h 127.0.0.1 -p 5432; then break; fi
    sleep 1
  done
  pg_isready -h 127.0.0.1 -p 5432 >/dev/null || { log "PostgreSQL is not accepting connections on 127.0.0.1:5432"; exit 1; }
}
wait_ready

# Local development database and role (trust auth on this machine's loopback).
DB_NAME=${MOVIES_DB_NAME:-movies}
DB_USER=${MOVIES_DB_USER:-movies}
if [ "$(id -u)" -eq 0 ]; then AS_POSTGRES="runuser -u postgres --"; else AS_POSTGRES="sudo -u postgres"; fi
run_psql() { $AS_POSTGRES psql -p 5432 -v ON_ERROR_STOP=1 -qtAX "$@"; }

# Statement statistics (pg_stat_statements) need the library loaded at start: bench/performance.sh
# counts statements per request with them. One restart, the first time only.
if ! run_psql -c 'SHOW shared_preload_libraries' | grep -q pg_stat_statements; then
  log "loading pg_stat_statements at start (restart)"
  run_psql -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" main restart
  wait_ready
fi
# and how often each statement is planned (a statement planned on every call pays its planning
# every time): no restart
if [ "$(run_psql -c 'SHOW pg_stat_statements.track_planning')" != "on" ]; then
  run_psql -c "ALTER SYSTEM SET pg_stat_statements.track_planning = on" -c "SELECT pg_reload_conf()" >/dev/null
fi
if [ "$(run_psql -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
  run_psql -c "CREATE ROLE \"$DB_USER\" LOGIN PASSWORD '$DB_USER'"
fi
# pgvector is not a trusted extension, so the superuser creates the extensions once and the
# service's role (no superuser rights) finds them in place when Flyway migrates.
if [ "${MOVIES_RECREATE_TEST_DATABASE:-false}" = "true" ]; then
  # CI starts the suite from an empty test database, whatever an earlier run left behind.
  run_psql -c "DROP DATABASE IF EXISTS \"${DB_NAME}_test\" WITH (FORCE)"
fi
for db in "$DB_NAME" "${DB_NAME}_test" ${MOVIES_EXTRA_DATABASES:-}; do
  if [ "$(run_psql -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != "1" ]; then
    run_psql -c "CREATE DATABASE \"$db\" OWNER \"$DB_USER\""
  fi
  run_psql -d "$db" -c "CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;" 2>&1 | grep -v NOTICE || true
done

log "PostgreSQL $(run_psql -c 'SHOW server_version') on 127.0.0.1:5432 with pgvector $(run_psql -d "$DB_NAME" -c "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'")"
