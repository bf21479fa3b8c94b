#!/usr/bin/env python3
"""P9: stock xmlrpc.client calling a Python-bound add(a, b) on hostbridge.Host, against the
pyblish stack (a threaded SimpleXMLRPCServer, python_pair.py's server) in the same run.

  bench_python_host.py [--build BUILD] [--calls 3000] [--repetitions 3] [--warmup 300]
                       [--server-cpu 0] [--client-cpu 1]
      Starts both servers under `taskset -c SERVER_CPU`, calls each from this process (pinned to
      CLIENT_CPU) in alternating repetitions, prints calls/s, p50 and p99 of each and the ratio
      (target: >= 3). The figures are the best repetition of each. The host's built-in ping
      (C++, no Python) on the same server shows what the Python layer adds. The server's CPU
      time per call (all its threads, from /proc) moves less with other load than the rates do.
  bench_python_host.py serve
      Serves add(a, b) with hostbridge.Host (PYTHONPATH must name BUILD/python), prints
      {"port": N, "token": T} and serves until its standard input closes.
"""
import argparse
import json
import os
import select
import subprocess
import sys
import time
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from python_pair import MAX_SERVE_SECONDS, percentile  # noqa: E402


def serve():
    import hostbridge
    host = hostbridge.Host(connection_file=False)
    host.bind("add", lambda a, b: a + b)
    with host:
        print(json.dumps({"port": host.port, "token": host.token}), flush=True)
        select.select([sys.stdin], [], [], MAX_SERVE_SECONDS)  # readable at EOF


def cpu_seconds(pid):
    """User + system CPU time of a process so far (all its threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(proxy, calls, server_pid):
    latencies = []
    cpu_before = cpu_seconds(server_pid)
    start = time.perf_counter()
    for i in range(calls):
        before = time.perf_counter()
        if isinstance(proxy, tuple):  # the host's built-in ping: the same server without Python
            proxy[0].ping()
        elif proxy.add(i, 1) != i + 1:
            sys.exit("add(i, 1) returned a wrong sum")
        latencies.append(time.perf_counter() - before)
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {"calls_per_s": calls / elapsed, "p50_us": percentile(latencies, 0.50) * 1e6,
            "p99_us": percentile(latencies, 0.99) * 1e6,
            "server_cpu_us": (cpu_seconds(server_pid) - cpu_before) / calls * 1e6}


def start_server(command, cpu, env=None):
    server = subprocess.Popen(["taskset", "-c", str(cpu), sys.executable, *command], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    return server, json.loads(server.stdout.readline())


def run(args):
    env = dict(os.environ, PYTHONPATH=os.path.join(os.path.abspath(args.build), "python"))
    hostbridge_server, hb = start_server([__file__, "serve"], args.server_cpu, env)
    pair_server, pair = start_server([os.path.join(HERE, "python_pair.py"), "server"], args.server_cpu)
    try:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {args.client_cpu})
        hostbridge_url = f"http://bench:{hb['token']}@127.0.0.1:{hb['port']}/"
        proxies = {  # name: (proxy, server process)
            "hostbridge.Host": (xmlrpc.client.ServerProxy(hostbridge_url), hostbridge_server.pid),
            "SimpleXMLRPCServer": (xmlrpc.client.ServerProxy(f"http://127.0.0.1:{pair['port']}/RPC2"),
                                   pair_server.pid),
            "(C++ ping, same host)": ((xmlrpc.client.ServerProxy(hostbridge_url),), hostbridge_server.pid),
        }
        for proxy, pid in proxies.values():
            measure(proxy, args.warmup, pid)
        best = {}
        for _ in range(args.repetitions):
            for name, (proxy, pid) in proxies.items():
                figures = measure(proxy, args.calls, pid)
                if name not in best or figures["calls_per_s"] > best[name]["calls_per_s"]:
                    best[name] = figures
        print(f"P9: {args.calls} calls of add(i, 1), best of {args.repetitions}, server on CPU{args.server_cpu}, "
              f"client on CPU{args.client_cpu}")
        print(f"{'server':<22} {'calls/s':>9} {'p50 us':>8} {'p99 us':>8} {'server CPU us/call':>19}")
        for name, figures in best.items():
            print(f"{name:<22} {figures['calls_per_s']:>9.0f} {figures['p50_us']:>8.0f} {figures['p99_us']:>8.0f} "
                  f"{figures['server_cpu_us']:>19.0f}")
        ratio = best["hostbridge.Host"]["calls_per_s"] / best["SimpleXMLRPCServer"]["calls_per_s"]
        median_ratio = best["SimpleXMLRPCServer"]["p50_us"] / best["hostbridge.Host"]["p50_us"]
        cpu_ratio = best["SimpleXMLRPCServer"]["server_cpu_us"] / best["hostbridge.Host"]["server_cpu_us"]
        print(f"ratio {ratio:.2f} x calls/s (target >= 3: {'met' if ratio >= 3 else 'NOT met'}), "
              f"{median_ratio:.2f} x by median latency, {cpu_ratio:.2f} x by server CPU per call")
    finally:
        for server in (hostbridge_server, pair_server):
            server.stdin.close()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("role", nargs="?", choices=["run", "serve"], default="run")
    parser.add_argument("--build", default=os.path.join(HERE, "..", "..", "build"))
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--client-cpu", type=int, default=1)
    args = parser.parse_args()
    serve() if args.role == "serve" else run(args)


if __name__ == "__main__":
    main()
