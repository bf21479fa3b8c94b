#!/usr/bin/env bash
# The whole test suite on a fresh Debian bookworm machine: packages, build, CTest, then the
# suite again without the UI, and the fuzzers, under the sanitizers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
(cd build && ctest --output-on-failure --timeout 300 -j"$(nproc)" "$@")
# The suite without the UI, and the libFuzzer targets (20 s each), under AddressSanitizer,
# UndefinedBehaviorSanitizer and LeakSanitizer: one clang build in build-sanitized/. The
# package tests stay out of it: they check the installed tree and the build system, which the
# run above covers, and spend most of their time compiling. The UI under the sanitizers:
# scripts/run-sanitized-tests.sh on its own.
scripts/run-sanitized-tests.sh --no-ui -E '^package_'
