#!/usr/bin/env bash
# Sets up the machine, builds, and runs every test through ctest.
# Run one layer with e.g. `deploy/test.sh -L unit` (labels: unit, integration, fault).
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/setup.sh
ctest --test-dir build --output-on-failure --timeout 600 -j "$(nproc)" "$@"
