#!/usr/bin/env bash
# The lobby display's figures: latency from a check-in committed by another process to the
# board showing it (p50, p99 over 200 check-ins), its RSS, and its idle CPU. Under Xvfb.
# Usage: deploy/bench-display.sh [CHECKINS]   (after deploy/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
exec xvfb-run -a -s "-screen 0 1280x720x24" tests/display_latency.sh "$PWD/build/kiosk" "${1:-200}" 0 idle
