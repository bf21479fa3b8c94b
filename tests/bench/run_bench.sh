#!/bin/sh
# Runs every benchmark (targets P1-P8, P10 and P11 of the performance notes), each against its baseline in
# the same run under the same CPU placement, then prints one table of figures and ratios and
# writes it as JSON (compare two commits by keeping two such files).
#
# Usage, from anywhere, after building the project (this script builds nothing):
#   tests/bench/run_bench.sh [--only PIECES] [--repetitions N]
#   BUILD_DIR=build-bench tests/bench/run_bench.sh --only rpc,context
# Pieces, in the order they run:
#   rpc      P1, P2, P6, P10: hostbridge-bench (raw TCP, raw Unix socket and the Python stdlib
#            pair as baselines; P10: P1's client over the server's Unix socket vs over TCP)
#   context  P3: hostbridge-bench-context (context() with 10,000 instances, over TCP and the
#            host's Unix socket)
#   ui       P4, P5, P8: bench_ui.py (the real UI and a bench host; P8 linked over the socket)
#   idle     P7: bench_idle.py (the real demo host and UI, idle and with a dead peer)
#   tools    P11: hostbridge-bench-tools (a tool process through ToolLink vs the same tool
#            spawned and pinged directly; the replay of 10,000 output lines)
# Placement: the whole run is kept on CPU0 and CPU1 (taskset); servers on CPU0, clients on CPU1
# where a piece places threads itself. Writes $BUILD_DIR/bench-<piece>.json and the merged
# $BUILD_DIR/bench.json. Takes about 3 minutes.
# Exit status: 0 every target met, 1 a target missed, 2 the benchmark could not run.
# Run it on an otherwise idle machine: a concurrent build moves every figure.
set -eu
cd "$(dirname "$0")/../.."
build_dir=${BUILD_DIR:-build}
bin=$build_dir/bin
pieces=rpc,context,ui,idle,tools
repetitions=
while [ $# -gt 0 ]; do
    case "$1" in
        --only) pieces=$2; shift 2 ;;
        --repetitions) repetitions=$2; shift 2 ;;
        *) echo "run_bench.sh: unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
    esac
done
for tool in taskset python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "run_bench.sh: $tool is needed" >&2
        exit 2
    fi
done

# bench_ui.py and bench_idle.py import the Python helpers of tests/support, as the tests do.
export PYTHONPATH="$PWD/tests/support${PYTHONPATH:+:$PYTHONPATH}"

server_cpu=0
client_cpu=1
if [ "$(nproc)" -lt 2 ]; then
    echo "NOTE: fewer than 2 CPUs: servers and clients both run on CPU0. The baselines in the"
    echo "      performance notes were measured across two CPUs; only this run's ratios compare."
    client_cpu=0
fi
placed="taskset -c $server_cpu,$client_cpu"
cpus="--server-cpu $server_cpu --client-cpu $client_cpu"
reps=${repetitions:+--repetitions $repetitions}

merged=
for piece in $(echo "$pieces" | tr ',' ' '); do
    json=$build_dir/bench-$piece.json
    rm -f "$json"
    echo "== $piece"
    case "$piece" in
        rpc) cmd="$placed $bin/hostbridge-bench $cpus $reps --json $json" ;;
        context) cmd="$placed $bin/hostbridge-bench-context $cpus $reps --json $json" ;;
        ui) cmd="$placed python3 tests/bench/bench_ui.py --bin $bin $reps --json $json" ;;
        idle) cmd="$placed python3 tests/bench/bench_idle.py --bin $bin --json $json" ;;
        tools) cmd="$placed $bin/hostbridge-bench-tools $reps --json $json" ;;
        *) echo "run_bench.sh: unknown piece $piece" >&2; exit 2 ;;
    esac
    # A piece that misses a target still writes its rows; one that cannot run shows as missing.
    $cmd || echo "($piece exited with status $?)"
    merged="$merged $piece=$json"
    echo
done
echo "== table"
# shellcheck disable=SC2086 # the list is the script's own, without spaces in names
exec python3 tests/bench/bench_table.py --out "$build_dir/bench.json" $merged
