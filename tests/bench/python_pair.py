#!/usr/bin/env python3
"""Baseline PY of hostbridge-bench: the Python stdlib XML-RPC pair (the pyblish stack).

  python_pair.py pair --server-cpu S --client-cpu C [--calls 5000] [--repetitions 5] [--warmup 500]
      Runs "server" under `taskset -c S` and "client" under `taskset -c C`, prints the client's JSON.
  python_pair.py server
      Serves add(a, b) at 127.0.0.1 on a free port with a threaded SimpleXMLRPCServer
      (HTTP/1.0: one connection per call), prints {"port": N} and serves until its standard
      input closes (at most MAX_SERVE_SECONDS).
  python_pair.py client --port N [--calls 5000] [--repetitions 5] [--warmup 500]
      Calls add(i, 1) through xmlrpc.client and prints
      {"repetitions": [{"calls_per_s": ..., "p50_us": ..., "p99_us": ...}, ...]}.
"""
import argparse
import json
import math
import select
import socket
import socketserver
import subprocess
import sys
import threading
import time
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer

MAX_SERVE_SECONDS = 600  # a server whose parent died without closing our stdin still ends
CLIENT_SECONDS = 180     # the whole client run; ~15 s expected
CALL_TIMEOUT_SECONDS = 5


class ThreadedServer(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True


def serve():
    server = ThreadedServer(("127.0.0.1", 0), logRequests=False)
    server.register_function(lambda a, b: a + b, "add")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    select.select([sys.stdin], [], [], MAX_SERVE_SECONDS)  # readable at EOF
    server.shutdown()
    server.server_close()


def percentile(sorted_values, q):
    """Nearest rank, as bench_rpc.cpp computes it."""
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def run_client(port, calls, repetitions, warmup):
    socket.setdefaulttimeout(CALL_TIMEOUT_SECONDS)
    proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/RPC2")
    for i in range(warmup):
        proxy.add(i, 1)
    results = []
    for _ in range(repetitions):
        latencies = []
        start = time.perf_counter()
        for i in range(calls):
            before = time.perf_counter()
            if proxy.add(i, 1) != i + 1:
                sys.exit("add(i, 1) returned a wrong sum")
            latencies.append(time.perf_counter() - before)
        elapsed = time.perf_counter() - start
        latencies.sort()
        results.append({"calls_per_s": calls / elapsed,
                        "p50_us": percentile(latencies, 0.50) * 1e6,
                        "p99_us": percentile(latencies, 0.99) * 1e6})
    print(json.dumps({"repetitions": results}), flush=True)


def run_pair(args):
    me = [sys.executable, __file__]
    with subprocess.Popen(["taskset", "-c", str(args.server_cpu), *me, "server"],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as server:
        try:
            port = json.loads(server.stdout.readline())["port"]
            client = subprocess.run(["taskset", "-c", str(args.client_cpu), *me, "client", "--port", str(port),
                                     "--calls", str(args.calls), "--repetitions", str(args.repetitions),
                                     "--warmup", str(args.warmup)],
                                    stdout=subprocess.PIPE, text=True, timeout=CLIENT_SECONDS, check=True)
            print(client.stdout, end="", flush=True)
        finally:
            server.stdin.close()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("role", choices=["pair", "server", "client"])
    parser.add_argument("--port", type=int)
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--client-cpu", type=int, default=1)
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=500)
    args = parser.parse_args()
    if args.role == "pair":
        run_pair(args)
    elif args.role == "server":
        serve()
    elif args.port is None:
        parser.error("client needs --port")
    else:
        run_client(args.port, args.calls, args.repetitions, args.warmup)


if __name__ == "__main__":
    main()
