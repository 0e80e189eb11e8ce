#!/usr/bin/env bash
# Every read endpoint next to the SQL that answers it, at 34,500 and at 100,000 films, in one command:
#   bench/performance.sh /path/to/wikipedia-movie-data [sizes="34500 100000"]
# For each size, PerformanceBenchmark starts the service on a random port (generated 768-d vectors,
# no model), then for GET /api/movies/{id}, recommendations by id (ranking=similarity and the default
# blended ranking) and search: p50/p95 of 500 sequential requests next to pgbench running the same
# SQL (one client, same database, same run) and their ratio, statements per request
# (pg_stat_statements), the JFR profile's top frames, and throughput with wrk at 8 and 32
# connections beside pgbench at as many clients, with error counts. Each size has its own database
# (movies_bench_<size>), loaded once and reused. Needs pgbench and wrk (apt-get install -y wrk).
# Holds /tmp/movies-cpu.lock so no other benchmark runs at the same time.
set -euo pipefail
cd "$(dirname "$0")/.."
dataset=${1:?usage: bench/performance.sh /path/to/wikipedia-movie-data [sizes]}
sizes=${2:-34500 100000}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v pgbench >/dev/null || { echo "pgbench is missing (it ships with PostgreSQL)" >&2; exit 1; }
databases=""
for size in $sizes; do databases="$databases movies_bench_$size"; done
MOVIES_EXTRA_DATABASES="$databases" bash .ci/install-postgres.sh >/dev/null
source .ci/java-home.sh
for size in $sizes; do
  runuser -u postgres -- psql -q -d "movies_bench_$size" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" 2>/dev/null \
    || psql -q -h 127.0.0.1 -U postgres -d "movies_bench_$size" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" || true
  flock -x /tmp/movies-cpu.lock nice -n 10 ./mvnw -q -Pbenchmark test -Dtest=PerformanceBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false -Dbench.films="$dataset" -Dbench.movies="$size" \
    -Dbench.database.url="jdbc:postgresql://127.0.0.1:5432/movies_bench_$size" \
    | grep -v -E '^(WARNING|OpenJDK|Mockito)' 
done
