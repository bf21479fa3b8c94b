#!/usr/bin/env python3
"""A baseline of hostbridge-bench-context: Python's xmlrpc.client (the client pyblish used)
fetching one large answer again and again.

  python_fetch.py --url http://hostbridge:TOKEN@127.0.0.1:PORT/RPC2 --method NAME
                  [--repetitions 15] [--warmup 2]
      Calls NAME() (no parameters), warm-ups first, and prints
      {"ms": [round trip of each timed call], "children": len(answer["children"])} for an
      answer shaped as pyblish's context.
"""
import argparse
import json
import socket
import sys
import time
import xmlrpc.client

CALL_TIMEOUT_SECONDS = 60


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--method", required=True)
    parser.add_argument("--repetitions", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    socket.setdefaulttimeout(CALL_TIMEOUT_SECONDS)
    proxy = xmlrpc.client.ServerProxy(args.url)
    call = getattr(proxy, args.method)
    answer = None
    for _ in range(args.warmup):
        answer = call()
    timings = []
    for _ in range(args.repetitions):
        before = time.perf_counter()
        answer = call()
        timings.append((time.perf_counter() - before) * 1000)
    if not isinstance(answer, dict) or not isinstance(answer.get("children"), list):
        sys.exit(f"{args.method}() did not answer a context")
    print(json.dumps({"ms": timings, "children": len(answer["children"])}), flush=True)


if __name__ == "__main__":
    main()
