#!/usr/bin/env bash
# The test suite and the libFuzzer targets under AddressSanitizer, UndefinedBehaviorSanitizer
# and LeakSanitizer: one clang 14 build (build-sanitized/, -DHOSTBRIDGE_FUZZ=ON). A sanitizer
# report from any process the tests start fails the run, also from programs those launch and
# whose exit status no test reads (a UI started by a demo host, a host stopped with SIGTERM).
#
#   scripts/run-sanitized-tests.sh [--no-ui] [--no-fuzz | --fuzz-only] [ctest options...]
#     --no-ui      without the Qt UI and its tests (what CI runs, through scripts/run-tests.sh)
#     --no-fuzz    leave out the fuzz tests
#     --fuzz-only  build and run only the fuzz targets
#   HOSTBRIDGE_FUZZ_SECONDS  seconds each fuzz target runs (default 20)
# Reports land in build-sanitized/sanitizer-reports/sanitizer.<program>.<pid> and are printed
# at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ui=ON
ctest_filter=()
fuzz_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-ui) ui=OFF; shift ;;
    --no-fuzz) ctest_filter=(-LE fuzz); shift ;;
    --fuzz-only) fuzz_only=1; ctest_filter=(-L fuzz); shift ;;
    *) break ;;
  esac
done
scripts/install-deps.sh
jobs="$(nproc)"
build=build-sanitized
# clang rather than gcc: libFuzzer needs it, and with gcc the UBSan reports ignore log_path.
cxx=clang++-14

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
      -DHOSTBRIDGE_FUZZ=ON -DHOSTBRIDGE_BUILD_UI="$ui" \
      -DHOSTBRIDGE_FUZZ_SECONDS="${HOSTBRIDGE_FUZZ_SECONDS:-20}"
if [ "$fuzz_only" = 1 ]; then
  cmake --build "$build" -j"$jobs" --target fuzz_request fuzz_value fuzz_call
else
  cmake --build "$build" -j"$jobs"
fi

# Every report goes to a file of its own, so none is lost in the stderr of a child process
# that nobody reads. Undefined behaviour stops the program; leaks count, except those of
# third-party libraries listed (with reasons) in the suppressions file. The fuzz tests set
# their own options and report on their own output.
reports="$PWD/$build/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:log_path=$reports/sanitizer:log_exe_name=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
# What the tests compile against the installed tree (tests/package) links these objects.
export CXX="$cxx"

status=0
(cd "$build" && ctest --output-on-failure --timeout 300 -j"$jobs" "${ctest_filter[@]}" "$@") || status=$?
for report in "$reports"/*; do
  [ -e "$report" ] || continue
  echo "=== sanitizer report: ${report##*/}"
  cat "$report"
  status=1
done
exit "$status"
