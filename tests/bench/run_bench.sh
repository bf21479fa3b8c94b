#!/bin/sh
# Runs hostbridge-bench: targets P1, P2 and P6 against their baselines (raw TCP ping-pong and
# the Python stdlib XML-RPC pair), measured in one run under one CPU placement.
#
# Usage, from anywhere, after building the project (this script builds nothing):
#   tests/bench/run_bench.sh [hostbridge-bench options]
#   BUILD_DIR=build-bench tests/bench/run_bench.sh --repetitions 9
# Defaults: build dir "build", server on CPU0, client on CPU1, 5 x 5000 calls, JSON written to
# $BUILD_DIR/bench.json (compare two commits by diffing or loading two such files).
# Options: --calls N, --repetitions N, --json PATH, --server-cpu S, --client-cpu C.
# Exit status: 0 every target met, 1 a target missed, 2 the benchmark could not run.
# Run it on an otherwise idle machine: a concurrent build moves every figure.
set -eu
cd "$(dirname "$0")/../.."
build_dir=${BUILD_DIR:-build}
bench=$build_dir/bin/hostbridge-bench
if [ ! -x "$bench" ]; then
    echo "run_bench.sh: $bench not found; build the project first" >&2
    exit 2
fi
if ! command -v taskset >/dev/null 2>&1; then
    echo "run_bench.sh: taskset (util-linux) is needed to place the Python baseline" >&2
    exit 2
fi

server_cpu=0
client_cpu=1
if [ "$(nproc)" -lt 2 ]; then
    echo "NOTE: fewer than 2 CPUs: server and client both run on CPU0. The baselines in the"
    echo "      performance notes were measured across two CPUs; only this run's ratios compare."
    client_cpu=0
fi

# taskset keeps the whole process, not only its pinned threads, on the two measured CPUs.
exec taskset -c "$server_cpu,$client_cpu" "$bench" --server-cpu "$server_cpu" --client-cpu "$client_cpu" \
    --json "$build_dir/bench.json" "$@"
