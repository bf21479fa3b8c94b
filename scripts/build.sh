#!/usr/bin/env bash
# Configures and builds HostBridge into build/ (executables in build/bin).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE="${HOSTBRIDGE_BUILD_TYPE:-RelWithDebInfo}"
cmake --build build -j"$(nproc)"
