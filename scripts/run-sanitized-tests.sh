#!/usr/bin/env bash
# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/), then the
# libFuzzer targets for a bounded time (build-fuzz/, clang 14). Any sanitizer report fails it.
#
#   scripts/run-sanitized-tests.sh [--no-ui] [--no-fuzz | --fuzz-only] [ctest options...]
#     --no-ui      build without the Qt UI (shared, host_rpc, tools, examples and their tests)
#     --no-fuzz    skip the fuzz targets
#     --fuzz-only  only the fuzz targets (about 1 minute on 2 cores; what CI runs)
#   HOSTBRIDGE_FUZZ_SECONDS  seconds each fuzz target runs (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
ui=ON
suite=1
fuzz=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-ui) ui=OFF; shift ;;
    --no-fuzz) fuzz=0; shift ;;
    --fuzz-only) suite=0; shift ;;
    *) break ;;
  esac
done
scripts/install-deps.sh
jobs="$(nproc)"

# Undefined behaviour stops the test at once; leaks fail it, except those of third-party
# libraries listed (with reasons) in the suppressions file.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"

if [ "$suite" = 1 ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOSTBRIDGE_SANITIZE=address,undefined \
        -DHOSTBRIDGE_BUILD_UI="$ui"
  cmake --build build-asan -j"$jobs"
  (cd build-asan && ctest --output-on-failure --timeout 300 -j"$jobs" "$@")
fi

if [ "$fuzz" = 1 ]; then
  cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOSTBRIDGE_FUZZ=ON \
        -DCMAKE_CXX_COMPILER=clang++-14 -DHOSTBRIDGE_FUZZ_SECONDS="${HOSTBRIDGE_FUZZ_SECONDS:-20}"
  cmake --build build-fuzz -j"$jobs"
  (cd build-fuzz && ctest -L fuzz --output-on-failure -j"$jobs")
fi
