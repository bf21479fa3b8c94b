#!/usr/bin/env bash
# The whole test suite on a fresh Debian bookworm machine: packages, build, CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd build
ctest --output-on-failure --timeout 300 "$@"
