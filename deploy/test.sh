#!/usr/bin/env bash
# Sets up the machine, builds, and runs every test through ctest. Then, for the whole suite,
# builds a Debug copy (assertions on) under AddressSanitizer and UndefinedBehaviorSanitizer in
# build-asan/ and runs the unit and integration tests again there. Warnings are errors.
# Run one layer with e.g. `deploy/test.sh -L unit` (labels: unit, integration, ui, fault, browser); that
# skips the sanitizer pass, and so does LOBBY_SANITIZE=0.
set -euo pipefail
cd "$(dirname "$0")/.."
LOBBY_WERROR=ON deploy/setup.sh
ctest --test-dir build --output-on-failure --timeout 600 -j "$(nproc)" "$@"

if [[ $# -eq 0 && ${LOBBY_SANITIZE:-1} != 0 ]]; then
  echo "test: the unit and integration tests again, under ASan and UBSan (build-asan/)"
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLOBBY_SANITIZE=ON -DLOBBY_WERROR=ON >/dev/null
  cmake --build build-asan --target unit_tests integration_tests config_tests sync_tests ops_tests \
    device_unit_tests printer_tests notify_unit_tests notify_tests hq_day_tests hq_read_tests
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  ctest --test-dir build-asan --output-on-failure --timeout 900 -j "$(nproc)" -L 'unit|integration' -E '^package$'
fi
