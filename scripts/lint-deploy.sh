#!/usr/bin/env bash
# Checks the deployment files without a Docker engine: the Compose file against the Compose
# specification and its best-practice rules (dclint), the Dockerfile with dockerfile-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
npm install --silent --no-audit --no-fund --prefix "$tools" dclint@3.1.0 dockerfile-utils@0.16.3 >/dev/null
"$tools/node_modules/.bin/dclint" docker-compose.yml && echo "docker-compose.yml: valid (dclint 3.1.0)"
"$tools/node_modules/.bin/dockerfile-utils" lint Dockerfile && echo "Dockerfile: no problems (dockerfile-utils 0.16.3)"
