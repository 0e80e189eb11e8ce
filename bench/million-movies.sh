#!/usr/bin/env bash
# The million-movie benchmark, one command:
#   bench/million-movies.sh [count]          (default 1000000; e.g. 100000 for a quick trial)
# Creates the database movies_bench_scale (BENCH_DATABASE), starts the service on it (a free port,
# 768 dimensions, no embedding model needed: requests recommend by movie id), and runs
# bench/MillionMovies.java: COPY import, HNSW build time and size with vector and with halfvec
# storage, recall@10 against an exact search with and without a selective filter, p50/p95 of
# GET /api/recommendations/movie/{id} at 1 and 16 connections. Drops the database at the end unless
# KEEP_DATABASE=true. Needs about 12 GB of free disk and memory for a million movies (the JVM holds
# every vector for the exact search; the index build uses BUILD_MEMORY, default 6GB).
# Settings (environment): VECTORS=latent|isotropic (how movies vary around their topic; latent by
# default), STORAGES=vector,halfvec (which to build and measure), KEEP_DATABASE=true (keep it for a
# later MEASURE_ONLY=true run, which measures the index left in place, e.g. again on an idle machine),
# EF_SEARCH=100 (the service's hnsw.ef_search for the latency part; recall is printed for 40-400).
# On a shared machine: flock -x /tmp/movies-cpu.lock bench/million-movies.sh
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-1000000}
db=${BENCH_DATABASE:-movies_bench_scale}
build_memory=${BUILD_MEMORY:-6GB}
heap_mb=$(( count * 768 * 4 / 1048576 + 1024 ))

bash .ci/install-postgres.sh >/dev/null
source .ci/java-home.sh
psql_admin() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtAX "$@"; }

echo "[bench] $(date -u +%FT%TZ) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(df -h --output=avail /var/lib/postgresql | tail -1 | tr -d ' ') free for PostgreSQL; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "[bench] PostgreSQL $(psql_admin -c 'SHOW server_version'), pgvector $(psql_admin -d postgres -c "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'"), shared_buffers $(psql_admin -c 'SHOW shared_buffers')"

jar=$(ls target/movie-recommender-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  echo "[bench] building the service"
  ./mvnw -B -q -ntp -DskipTests package
  jar=$(ls target/movie-recommender-*.jar | grep -v original | head -1)
fi
work=$(mktemp -d)
cp "$jar" "$work/service.jar"
(cd "$work" && unzip -q -j -o service.jar 'BOOT-INF/lib/postgresql-*.jar')
pgjar=$(ls "$work"/postgresql-*.jar)

measure_only=${MEASURE_ONLY:-false}
if [ "$measure_only" != "true" ]; then
  psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
fi
MOVIES_EXTRA_DATABASES=$db bash .ci/install-postgres.sh >/dev/null
psql_admin -d "$db" -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" || true

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
service_pid=""
cleanup() {
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  if [ "${KEEP_DATABASE:-false}" != "true" ] && [ "$measure_only" != "true" ]; then psql_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The service creates the schema (Flyway) and answers the latency part; it builds no index itself.
# Its model is named as the generated vectors are (bench-768): it reads only its own model's vectors.
# A measure-only run starts it with the storage the kept column has, so that it converts nothing.
storage=vector
if [ "$measure_only" = "true" ]; then
  storage=$(psql_admin -d "$db" -c "SELECT split_part(format_type(atttypid, atttypmod), '(', 1) FROM pg_attribute
    WHERE attrelid = 'movie_embeddings'::regclass AND attname = 'embedding'")
fi
SERVER_PORT=$port SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$db" EMBEDDING_DIMENSION=768 EMBEDDING_STORAGE=$storage \
  EMBEDDING_PROVIDER=ollama OLLAMA_EMBEDDING_MODEL=bench-768 OLLAMA_HOST=http://127.0.0.1:9 MOVIES_RECOMMENDATIONS_INDEX_CREATE_ON_STARTUP=false \
  MOVIES_RECOMMENDATIONS_INDEX_EF_SEARCH=${EF_SEARCH:-100} \
  "$JAVA_HOME/bin/java" -Xmx1g -jar "$work/service.jar" > "$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/actuator/health/liveness" 2>/dev/null; then break; fi
  if ! kill -0 "$service_pid" 2>/dev/null; then cat "$work/service.log"; exit 1; fi
  sleep 1
done
echo "[bench] service on port $port (pid $service_pid), database $db, storage $storage, ef_search ${EF_SEARCH:-100}"

"$JAVA_HOME/bin/java" -Xmx${heap_mb}m -DbuildMemory="$build_memory" -Dvectors="${VECTORS:-latent}" \
  -Dstorages="${STORAGES:-vector,halfvec}" -DmeasureOnly="$measure_only" -cp "$pgjar" bench/MillionMovies.java \
  "jdbc:postgresql://127.0.0.1:5432/$db?user=movies&password=movies" "http://127.0.0.1:$port" "$count"
echo "[bench] done $(date -u +%FT%TZ); load average $(cut -d' ' -f1-3 /proc/loadavg)"
