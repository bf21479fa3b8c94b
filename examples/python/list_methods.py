#!/usr/bin/env python3
"""Lists what a running host offers: every method with its signature and help.

    list_methods.py [--connection FILE] [--path /pyblish]

One system.listMethods, then one system.multicall for every methodSignature and methodHelp.
"""

import argparse
import sys

import hostbridge_connect


def signature_text(signatures):
    """"(int, int) -> int" from a system.methodSignature answer ("undef" when unknown); several
    signatures are joined with " or "."""
    if not isinstance(signatures, list) or not signatures:
        return "(...)"
    return " or ".join("(%s) -> %s" % (", ".join(s[1:]), s[0]) for s in signatures)


def main():
    parser = argparse.ArgumentParser(description="List the methods of a running HostBridge host.")
    hostbridge_connect.add_connection_argument(parser)
    parser.add_argument("--path", default="/RPC2", help="the path served: /RPC2 (default) or /pyblish")
    args = parser.parse_args()
    host = hostbridge_connect.proxy(hostbridge_connect.find_host(args.connection), args.path)
    names = host.system.listMethods()
    calls = []
    for name in names:
        calls.append({"methodName": "system.methodSignature", "params": [name]})
        calls.append({"methodName": "system.methodHelp", "params": [name]})
    # Each answer is [value] on success, or a fault struct.
    answers = host.system.multicall(calls)
    for i, name in enumerate(names):
        signatures, help_text = answers[2 * i], answers[2 * i + 1]
        signature = signature_text(signatures[0]) if isinstance(signatures, list) else "(...)"
        help_line = help_text[0] if isinstance(help_text, list) else ""
        print("%-28s %-28s %s" % (name, signature, help_line))
    return 0


if __name__ == "__main__":
    sys.exit(hostbridge_connect.run(main))
