#!/usr/bin/env python3
"""Calls one function of a running host and prints the result as JSON.

    call_function.py [--connection FILE] METHOD [ARG...]
    call_function.py scene.rename tree_geo tree_GEO
    call_function.py scene.select '["hero_GEO", "hero_RIG"]'

Each ARG is JSON, or a plain string when it is not JSON. Exit status: 0 result, 1 fault,
2 no host found, 3 no connection or an HTTP error.
"""

import argparse
import sys

import hostbridge_connect


def main():
    parser = argparse.ArgumentParser(description="Call a function of a running HostBridge host.")
    hostbridge_connect.add_connection_argument(parser)
    parser.add_argument("method")
    parser.add_argument("args", nargs="*", metavar="ARG", help="JSON, or a plain string")
    args = parser.parse_args()
    host = hostbridge_connect.proxy(hostbridge_connect.find_host(args.connection))
    function = getattr(host, args.method)  # dotted names work: host.scene.ls
    print(hostbridge_connect.to_json(function(*[hostbridge_connect.parse_argument(a) for a in args.args])))
    return 0


if __name__ == "__main__":
    sys.exit(hostbridge_connect.run(main))
