#!/usr/bin/env bash
# Soak test: ten minutes of mixed traffic at a fixed rate on loopback against the sample catalogue,
# with forced backfills running from minute 3 to 6. Prints p50/p95/p99 per endpoint, the status
# codes, and the heap after a full GC each minute. Exits non-zero on any 5xx or transport error.
#   bench/soak.sh [minutes=10] [rate_per_second=40]
# It provisions its own database (movies_soak), builds the service if needed, starts it with the
# in-process model on port 18080 and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
rate=${2:-40}
port=${SOAK_PORT:-18080}
key=soak-admin-key

MOVIES_EXTRA_DATABASES=movies_soak bash .ci/install-postgres.sh >/dev/null
source .ci/java-home.sh
psql -q -h 127.0.0.1 -U movies -d movies_soak -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" 2>/dev/null || \
  runuser -u postgres -- psql -q -d movies_soak -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION movies;"
runuser -u postgres -- psql -q -d movies_soak -c "CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;" 2>/dev/null || true

jar=$(ls target/movie-recommender-*.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  ./mvnw -B -q -ntp -DskipTests package
  jar=$(ls target/movie-recommender-*.jar | head -1)
fi

log=$(mktemp /tmp/soak-service.XXXX.log)
SERVER_PORT=$port SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/movies_soak \
  EMBEDDING_PROVIDER=onnx EMBEDDING_DIMENSION=384 LOAD_SAMPLE_CATALOG=true EMBEDDING_BACKFILL_ON_STARTUP=true \
  ADMIN_API_KEY=$key "$JAVA_HOME/bin/java" -Xms256m -Xmx512m -XX:+UseG1GC -jar "$jar" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
echo "service pid $pid, log $log"

for _ in $(seq 1 120); do
  if curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/actuator/embeddings" 2>/dev/null | grep -q '"state":"completed"'; then
    break
  fi
  sleep 1
done
curl -fs -H "Authorization: Bearer $key" "http://127.0.0.1:$port/actuator/embeddings" | grep -q '"state":"completed"' || {
  echo "the service did not load and embed the sample catalogue in time; see $log"; exit 1; }

"$JAVA_HOME/bin/java" bench/Soak.java "http://127.0.0.1:$port" "$key" "$pid" "$minutes" "$rate"
echo "service 5xx/errors logged: $(grep -c ' ERROR ' "$log" || true) ERROR lines in $log"
