#!/usr/bin/env bash
# The end-to-end test drives Debian's Chromium (npm cannot download browsers on these machines).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ]; then
  echo "Installing Chromium for the end-to-end test (apt-get install chromium)..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  echo "Installing Chromium for the end-to-end test (sudo apt-get install chromium)..."
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "The end-to-end test needs Chromium at /usr/bin/chromium: install it with 'apt-get install chromium'." >&2
  exit 1
fi
