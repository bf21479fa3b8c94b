#!/usr/bin/env python3
"""context() of 10,000 instances made by Python collectors (hostbridge.publish) against the C++
host's figures (hostbridge-bench-context) in the same run; docs/python.md, "Publishing".

  bench_python_context.py [--build BUILD] [--instances 10000] [--repetitions 15] [--warmup 2]
                          [--server-cpu 0] [--client-cpu 1]
      Runs hostbridge-bench-context (its P3: the C++ client's round trip; its PYC: Python's
      xmlrpc.client fetching the same bytes from the C++ host), then a Python host (this script's
      `serve`, under taskset on SERVER_CPU) whose Python collector makes the same instances with
      the same data, collected once through /pyblish; its context() is fetched by the same
      python_fetch.py (xmlrpc.client, on CLIENT_CPU) and by a raw HTTP client that reads the
      answer's bytes without parsing them (the host's side of the round trip alone). Prints the
      medians and the ratio Python host / C++ host with the same client (target <= 2).
  bench_python_context.py serve --instances N
      Serves the Python collector at /pyblish (PYTHONPATH must name BUILD/python), pumping on
      this main thread; prints {"port": N, "token": T} and serves until standard input closes.
"""
import argparse
import base64
import http.client
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_SERVE_SECONDS = 600
TARGET_RATIO = 2.0


def serve(instances):
    import hostbridge
    from hostbridge import publish

    class CollectShots(publish.ContextPlugin):
        """The data a pyblish collector sets, as hostbridge-bench-context's collector."""
        order = publish.CollectorOrder

        def process(self, context):
            families = ("model", "rig", "look", "anim", "cache")
            for i in range(instances):
                family = families[i % len(families)]
                asset = f"char_hero_{i // 5}"
                context.create_instance(
                    f"{asset}_{family}", family=family, subset=family + "Main", asset=asset, frameStart=1001,
                    frameEnd=1001 + i % 240,
                    path=f"/projects/hb/sequences/sq010/sh{10 * (i % 400)}/work/maya/scenes/{asset}_{family}_v003.ma")

    host = hostbridge.Host(connection_file=False)
    publish.serve(host, plugins=[CollectShots], host_name="bench")
    with host:
        print(json.dumps({"port": host.port, "token": host.token}), flush=True)
        deadline = time.monotonic() + MAX_SERVE_SECONDS
        while time.monotonic() < deadline and not select.select([sys.stdin], [], [], 0)[0]:
            host.executor.wait(0.05)
            host.executor.pump()


def raw_context_ms(port, token, repetitions, warmup):
    """The round trip of context() read as bytes, unparsed, over one kept connection."""
    body = xmlrpc.client.dumps((), "context").encode()
    auth = base64.b64encode(f"hb:{token}".encode()).decode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    timings = []
    for i in range(warmup + repetitions):
        before = time.perf_counter()
        connection.request("POST", "/pyblish", body, {"Content-Type": "text/xml", "Authorization": f"Basic {auth}"})
        answer = connection.getresponse().read()
        if i >= warmup:
            timings.append((time.perf_counter() - before) * 1000)
    connection.close()
    if b"<name>children</name>" not in answer:
        raise SystemExit("context() did not answer a context")
    return timings, len(answer)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        parser = argparse.ArgumentParser()
        parser.add_argument("--instances", type=int, default=10000)
        serve(parser.parse_args(sys.argv[2:]).instances)
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("--instances", type=int, default=10000)
    parser.add_argument("--repetitions", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--server-cpu", default="0")
    parser.add_argument("--client-cpu", default="1")
    args = parser.parse_args()
    build = os.path.abspath(args.build)

    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(["taskset", "-c", f"{args.server_cpu},{args.client_cpu}",
                        os.path.join(build, "bin", "hostbridge-bench-context"), "--server-cpu", args.server_cpu,
                        "--client-cpu", args.client_cpu, "--instances", str(args.instances),
                        "--repetitions", str(args.repetitions), "--warmups", str(args.warmup), "--json", out.name],
                       stdout=subprocess.DEVNULL, check=False)
        cpp = json.load(open(out.name))["measurements"]
    cpp_p3, cpp_pyc = cpp["P3"]["median_ms"], cpp["PYC"]["median_ms"]

    env = dict(os.environ, PYTHONPATH=os.path.join(build, "python"))
    server = subprocess.Popen(["taskset", "-c", args.server_cpu, sys.executable, __file__, "serve",
                               "--instances", str(args.instances)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              env=env, text=True)
    try:
        info = json.loads(server.stdout.readline())
        url = f"http://hb:{info['token']}@127.0.0.1:{info['port']}/pyblish"
        with xmlrpc.client.ServerProxy(url, allow_none=True) as pyblish:
            pyblish.reset()
            before = time.perf_counter()
            result = pyblish.process(pyblish.discover()[0], None, None)
            collect_ms = (time.perf_counter() - before) * 1000
            if not result["success"]:
                raise SystemExit(f"the collector failed: {result['error']}")
        fetched = subprocess.run(["taskset", "-c", args.client_cpu, sys.executable,
                                  os.path.join(HERE, "python_fetch.py"), "--url", url, "--method", "context",
                                  "--repetitions", str(args.repetitions), "--warmup", str(args.warmup)],
                                 capture_output=True, text=True, check=True)
        python_pyc = json.loads(fetched.stdout)
        if python_pyc["children"] != args.instances:
            raise SystemExit("context() of the wrong size")
        raw, size = raw_context_ms(info["port"], info["token"], args.repetitions, args.warmup)
    finally:
        server.stdin.close()
        server.wait(timeout=30)

    py_pyc, py_raw = statistics.median(python_pyc["ms"]), statistics.median(raw)
    ratio = py_pyc / cpp_pyc
    print(f"context() of {args.instances} instances ({size} bytes), medians of {args.repetitions}:")
    print(f"  C++ host, C++ client (P3)                 {cpp_p3:8.1f} ms")
    print(f"  C++ host, xmlrpc.client (PYC)             {cpp_pyc:8.1f} ms")
    print(f"  Python host, xmlrpc.client                {py_pyc:8.1f} ms")
    print(f"  Python host, raw HTTP (bytes, no parse)   {py_raw:8.1f} ms")
    print(f"  Python collector making them (one call)   {collect_ms:8.1f} ms")
    print(f"ratio Python host / C++ host, same client: {ratio:.2f} (target <= {TARGET_RATIO})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
