#!/usr/bin/env bash
# A streaming replica of the local PostgreSQL (the cluster .ci/install-postgres.sh provisions on
# 127.0.0.1:5432) as a second cluster, 15/replica on 127.0.0.1:5433: a base backup in standby mode,
# with PostgreSQL's own streaming replication. The replica tests and CI use it.
#   .ci/replica.sh [up]      create it if missing, start it, wait until it streams (idempotent, ~1 s when up)
#   .ci/replica.sh stop      stop it (fast shutdown: open connections are cut, as when a replica dies)
#   .ci/replica.sh start     start it again and wait until it streams
#   .ci/replica.sh pause     pause WAL replay (the replica falls behind); resume resumes it
#   .ci/replica.sh status    print state, replay lag and whether replay is paused
#   .ci/replica.sh drop      remove it
# The primary needs wal_level=replica and max_wal_senders > 0 (PostgreSQL's defaults) and a pg_hba
# line letting the postgres user make replication connections over the local socket (Debian's default
# pg_hba has it; added here if missing: a reload, never a restart). Administration goes through the
# socket as the postgres user (peer authentication), so no password is involved.
# The replica streams through a physical replication slot, so the primary keeps the WAL it has not
# received yet (a benchmark writing gigabytes of WAL, or a replica stopped by a test, no longer
# breaks it); max_slot_wal_keep_size bounds what a slot may hold (16 GB, set once on the primary, a
# reload), and a replica that lost its WAL anyway is recreated by `up`.
set -euo pipefail

PG_MAJOR=${PG_MAJOR:-15}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
NAME=${REPLICA_CLUSTER:-replica}
SLOT=${REPLICA_SLOT:-movies_replica}
DATA_DIR=/var/lib/postgresql/$PG_MAJOR/$NAME
CONF_DIR=/etc/postgresql/$PG_MAJOR/$NAME

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if [ "$(id -u)" -eq 0 ]; then AS_POSTGRES="runuser -u postgres --"; else AS_POSTGRES="sudo -u postgres"; fi
log() { printf '[replica] %s\n' "$*"; }
on_primary() { $AS_POSTGRES psql -p "$PRIMARY_PORT" -v ON_ERROR_STOP=1 -qtAX "$@"; }
on_replica() { $AS_POSTGRES psql -p "$REPLICA_PORT" -v ON_ERROR_STOP=1 -qtAX "$@"; }
exists() { pg_lsclusters -h | awk -v v="$PG_MAJOR" -v n="$NAME" '$1==v && $2==n' | grep -q .; }
online() { pg_lsclusters -h | awk -v v="$PG_MAJOR" -v n="$NAME" '$1==v && $2==n {print $4}' | grep -q online; }
streaming() { [ "$(on_replica -c "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'" 2>/dev/null)" = "1" ]; }

wait_streaming() {
  for _ in $(seq 1 "${1:-60}"); do
    if streaming; then return 0; fi
    sleep 0.5
  done
  return 1
}

allow_replication() {
  local hba
  hba=$(on_primary -c 'SHOW hba_file')
  if ! $SUDO grep -Eq '^[[:space:]]*local[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]' "$hba"; then
    log "allowing replication connections by postgres on the local socket in $hba (reload)"
    echo "local   replication     postgres                                peer" | $SUDO tee -a "$hba" >/dev/null
    on_primary -c 'SELECT pg_reload_conf()' >/dev/null
  fi
}

bound_slots() {
  if [ "$(on_primary -c 'SHOW max_slot_wal_keep_size')" = "-1" ]; then
    log "bounding the WAL a replication slot may keep on the primary to 16GB (reload)"
    on_primary -c "ALTER SYSTEM SET max_slot_wal_keep_size = '16GB'" -c 'SELECT pg_reload_conf()' >/dev/null
  fi
}

drop_slot() {
  on_primary -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
                 WHERE slot_name = '$SLOT' AND NOT active" >/dev/null
}

create() {
  allow_replication
  bound_slots
  drop_slot
  log "creating cluster $PG_MAJOR/$NAME on port $REPLICA_PORT from a base backup of port $PRIMARY_PORT"
  $SUDO pg_createcluster "$PG_MAJOR" "$NAME" --port "$REPLICA_PORT" >/dev/null
  # the same client authentication as the primary (a standby serves the primary's roles)
  $SUDO cp "$(on_primary -c 'SHOW hba_file')" "$CONF_DIR/pg_hba.conf"
  $SUDO tee "$CONF_DIR/conf.d/replica.conf" >/dev/null <<EOF
# A hot standby for read queries (written by .ci/replica.sh).
listen_addresses = '127.0.0.1'
hot_standby = on
# The primary keeps rows a running replica query still reads: far fewer queries cancelled by replay.
hot_standby_feedback = on
max_connections = 200
EOF
  # empty the fresh cluster's data directory, keeping the directory (postgres owns it, not its parent)
  $SUDO find "$DATA_DIR" -mindepth 1 -delete
  # -R writes standby.signal, primary_conninfo and primary_slot_name; -C -S creates the slot;
  # -X stream brings the WAL written meanwhile.
  $AS_POSTGRES pg_basebackup -p "$PRIMARY_PORT" -U postgres -D "$DATA_DIR" -R -C -S "$SLOT" -X stream -c fast
  $SUDO chmod 700 "$DATA_DIR"
}

start() {
  if ! online; then
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" "$NAME" start
  fi
  # A replica stopped for long may have lost WAL the primary has recycled since: resume replay if a
  # test left it paused, and report when it does not stream.
  on_replica -c "SELECT pg_wal_replay_resume() WHERE pg_is_wal_replay_paused()" >/dev/null 2>&1 || true
  wait_streaming 60
}

case "${1:-up}" in
  up)
    if exists && online && streaming; then
      on_replica -c "SELECT pg_wal_replay_resume() WHERE pg_is_wal_replay_paused()" >/dev/null
      log "$PG_MAJOR/$NAME streaming on 127.0.0.1:$REPLICA_PORT"
      exit 0
    fi
    if ! exists; then create; fi
    if ! start; then
      log "$PG_MAJOR/$NAME does not stream (WAL gone after a long stop?): recreating it"
      $SUDO pg_dropcluster --stop "$PG_MAJOR" "$NAME"
      create
      start || { log "the replica does not stream; see /var/log/postgresql/postgresql-$PG_MAJOR-$NAME.log"; exit 1; }
    fi
    log "$PG_MAJOR/$NAME streaming on 127.0.0.1:$REPLICA_PORT"
    ;;
  start)
    start || { log "the replica does not stream; run .ci/replica.sh up"; exit 1; }
    ;;
  stop)
    if online; then $SUDO pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" "$NAME" stop -m fast; fi
    ;;
  pause)
    on_replica -c "SELECT pg_wal_replay_pause()" >/dev/null
    ;;
  resume)
    on_replica -c "SELECT pg_wal_replay_resume() WHERE pg_is_wal_replay_paused()" >/dev/null
    ;;
  status)
    if ! online; then echo "offline"; exit 0; fi
    on_replica -c "SELECT 'recovery=' || pg_is_in_recovery() || ' paused=' || pg_is_wal_replay_paused()
                   || ' received=' || pg_last_wal_receive_lsn() || ' replayed=' || pg_last_wal_replay_lsn()
                   || ' last_replay=' || coalesce(round(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 1)::text, '-') || 's'"
    ;;
  drop)
    if exists; then $SUDO pg_dropcluster --stop "$PG_MAJOR" "$NAME"; fi
    drop_slot
    ;;
  *)
    echo "usage: $0 [up|start|stop|pause|resume|status|drop]" >&2
    exit 2
    ;;
esac
