#!/usr/bin/env bash
# Installs Debian's Chromium and its matching chromedriver for the browser tests (src/test/java/dev/movies/web).
# Idempotent: does nothing when both are already on the PATH.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

log() { printf '[install-browser] %s\n' "$*"; }

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  log "present: $(chromium --version 2>/dev/null | head -1), $(chromedriver --version | head -1)"
  exit 0
fi

log "installing chromium and chromium-driver"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  chromium chromium-driver fonts-dejavu-core >/dev/null
log "installed: $(chromium --version 2>/dev/null | head -1), $(chromedriver --version | head -1)"
