#!/usr/bin/env bash
# One command on a Debian/Ubuntu machine without Docker: provisions PostgreSQL + pgvector (the same
# steps CI uses), builds the service and starts it with the in-process embedding model, loading the
# bundled sample catalogue into an empty database and embedding it at start-up.
#   scripts/run-local.sh            (Ctrl-C stops the service)
# Any setting of .env.example can be given in the environment or in .env; these are the defaults here.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/install-postgres.sh
source .ci/java-home.sh

export SPRING_DATASOURCE_URL=${SPRING_DATASOURCE_URL:-jdbc:postgresql://127.0.0.1:5432/movies}
export EMBEDDING_PROVIDER=${EMBEDDING_PROVIDER:-onnx}
if [ "$EMBEDDING_PROVIDER" = "onnx" ]; then
  export EMBEDDING_DIMENSION=${EMBEDDING_DIMENSION:-384}
fi
export LOAD_SAMPLE_CATALOG=${LOAD_SAMPLE_CATALOG:-true}
export EMBEDDING_BACKFILL_ON_STARTUP=${EMBEDDING_BACKFILL_ON_STARTUP:-true}
if [ -z "${ADMIN_API_KEY:-}" ] && ! grep -qs '^ADMIN_API_KEY=.' .env; then
  export ADMIN_API_KEY=local-admin-key
  echo "[run-local] ADMIN_API_KEY not set: using '$ADMIN_API_KEY' for this run"
fi

jar=$(ls target/movie-recommender-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  echo "[run-local] building the service"
  ./mvnw -B -q -ntp -DskipTests package
  jar=$(ls target/movie-recommender-*.jar | grep -v original | head -1)
fi

echo "[run-local] starting $jar on port ${SERVER_PORT:-8080} (provider: $EMBEDDING_PROVIDER)"
exec "$JAVA_HOME/bin/java" -XX:+UseG1GC -jar "$jar"
