#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it when missing (needs root).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing: run 'sudo apt-get install chromium' for the browser tests." >&2
  exit 1
fi
echo "==> installing Chromium (Debian package)"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
