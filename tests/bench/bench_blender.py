#!/usr/bin/env python3
"""The Blender executor's added latency: in one real Blender (its window under Xvfb, the add-on
serving), stock xmlrpc.client calls test.echo on Blender's main thread (queued, pumped by the
BlenderExecutor's bpy.app.timers timer) and test.echo_here, the same function on a connection
thread, in alternating repetitions. Prints the median and p99 of each and their difference, and
the CPU an idle Blender uses with the add-on serving.

  bench_blender.py [--build BUILD] [--calls 300] [--repetitions 3] [--warmup 50] [--json FILE]

Needs blender and xvfb-run (scripts/install-deps.sh). Not a CTest: its figures depend on the
machine, on its load and on Blender's redraws (software OpenGL under Xvfb).
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "blender"))
from blender_process import BlenderHost, missing_programs  # noqa: E402
from bench_python_host import cpu_seconds  # noqa: E402
from python_pair import percentile  # noqa: E402

SETTLE_TIMEOUT_S = 30
IDLE_S = 3


def settle(proxy):
    """Waits until Blender's first redraws are over and its timers run on time."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    while time.monotonic() < deadline:
        before = proxy.test.state()["ticks"]
        time.sleep(0.5)
        if proxy.test.state()["ticks"] - before >= 20:  # 25 at 20 ms a tick
            return
    sys.exit(f"Blender's timers did not settle within {SETTLE_TIMEOUT_S} s")


def measure(function, calls):
    latencies = []
    for i in range(calls):
        before = time.perf_counter()
        if function(i) != i:
            sys.exit("echo returned another value")
        latencies.append(time.perf_counter() - before)
    latencies.sort()
    return latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--json")
    args = parser.parse_args()
    if missing_programs():
        sys.exit(f"needs {' and '.join(missing_programs())} (scripts/install-deps.sh)")
    with BlenderHost(args.build) as blender:
        proxy = blender.proxy
        version = proxy.scene.info()["blender"]
        settle(proxy)
        cpu_before = cpu_seconds(blender.pid)
        time.sleep(IDLE_S)
        idle_cpu = (cpu_seconds(blender.pid) - cpu_before) / IDLE_S
        kinds = {"main thread (BlenderExecutor)": proxy.test.echo, "connection thread": proxy.test.echo_here}
        for function in kinds.values():
            measure(function, args.warmup)
        samples = {name: [] for name in kinds}
        for _ in range(args.repetitions):
            for name, function in kinds.items():
                samples[name] += measure(function, args.calls)
        proxy.test.quit()
        blender.wait(20)
    rows = {}
    for name, latencies in samples.items():
        latencies.sort()
        rows[name] = {"p50_ms": percentile(latencies, 0.50) * 1e3, "p99_ms": percentile(latencies, 0.99) * 1e3}
    main_row, here_row = rows.values()
    added = {"p50_ms": main_row["p50_ms"] - here_row["p50_ms"], "p99_ms": main_row["p99_ms"] - here_row["p99_ms"]}
    print(f"Blender {version}, {args.repetitions} x {args.calls} calls of each, load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"idle Blender with the add-on serving: {idle_cpu * 100:.1f}% of a CPU")
    print(f"{'call':<32} {'p50 ms':>8} {'p99 ms':>8}")
    for name, row in list(rows.items()) + [("added by the main thread", added)]:
        print(f"{name:<32} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"blender": version, "idle_cpu": idle_cpu, "rows": rows, "added": added}, f, indent=2)


if __name__ == "__main__":
    main()
