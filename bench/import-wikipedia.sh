#!/usr/bin/env bash
# Times PUT /api/movies with the ~36,000 Wikipedia films (prust/wikipedia-movie-data), streamed as
# NDJSON, then a second identical PUT (everything unchanged). The NDJSON goes to a temporary folder,
# never into the project. It starts nothing: run the service first, e.g.
#   SERVER_PORT=8081 SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/movies_a \
#     ADMIN_API_KEY=dev-admin-key ./mvnw spring-boot:run
# Usage: bench/import-wikipedia.sh DATASET_DIR   (env: BASE_URL, ADMIN_API_KEY)
# DATASET_DIR: a clone of https://github.com/prust/wikipedia-movie-data
# On a shared machine: flock -x /tmp/movies-cpu.lock bench/import-wikipedia.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dataset="${1:?usage: bench/import-wikipedia.sh DATASET_DIR (a clone of https://github.com/prust/wikipedia-movie-data)}"
base_url="${BASE_URL:-http://localhost:8081}"
admin_key="${ADMIN_API_KEY:?set ADMIN_API_KEY to the admin key of the service}"

if ! curl -fsS -o /dev/null "$base_url/actuator/health"; then
  echo "No service answers at $base_url; start it first (see the top of this script)." >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$here/wikipedia-to-ndjson.py" "$dataset" > "$work/movies.ndjson"
echo "NDJSON: $(wc -l < "$work/movies.ndjson") lines, $(du -h "$work/movies.ndjson" | cut -f1)"

put() {
  local label="$1"
  curl -sS -o "$work/answer.json" -w '%{http_code} %{time_total}\n' -X PUT \
    -H "Authorization: Bearer $admin_key" -H 'Content-Type: application/x-ndjson' \
    --data-binary @"$work/movies.ndjson" "$base_url/api/movies" > "$work/timing"
  python3 - "$label" "$work/answer.json" "$work/timing" <<'PY'
import json, sys
label, answer, timing = sys.argv[1:]
status, seconds = open(timing).read().split()
if status != "200":
    sys.exit("%s: HTTP %s %s" % (label, status, open(answer).read()[:500]))
r = json.load(open(answer))
seconds = float(seconds)
print("%-8s received=%d inserted=%d updated=%d unchanged=%d rejected=%d  %.2f s  %.0f rows/s"
      % (label, r["received"], r["inserted"], r["updated"], r["unchanged"], r["rejected_count"],
         seconds, r["received"] / seconds))
for rejection in r["rejected"][:5]:
    print("         rejected #%d: %s" % (rejection["index"], rejection["error"]))
PY
}

put first
put again
