#!/usr/bin/env bash
# The whole test suite on a fresh Debian bookworm machine: packages, build, CTest, fuzzers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
(cd build && ctest --output-on-failure --timeout 300 -j"$(nproc)" "$@")
# The libFuzzer targets over request handling and values, under AddressSanitizer and UBSan,
# 20 s each from their seed corpus (about 1.5 minutes on 2 cores; build-fuzz/).
scripts/run-sanitized-tests.sh --fuzz-only
