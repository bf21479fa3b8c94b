#!/usr/bin/env python3
"""An example HostBridge tool (docs/tools.md), stdlib only, on hostbridge_tool.py.

    python3 examples/python/example_tool.py [--name NAME] [--no-server]

It serves two functions and calls its host back:
    example.greet(name)      -> "Hello, NAME, from example-tool (pid N)"
    example.sceneSummary()   -> {"nodes": int, "families": [str], "selected": [str]}: the host's
                                scene.ls(), asked by the tool (hostbridge-demo-host has it)
Its host comes from HOSTBRIDGE_HOST_URL and HOSTBRIDGE_HOST_TOKEN (what a host that launches it
sets), else the one running host (hostbridge-demo-host --no-ui). It prints Port:NNNN, is listed by
`hostbridge-call --clients`, and stops on `hostbridge-call --disconnect-client ID`.
--no-server: serves nothing and says port 0, so the host's commands reach it only in the
answers to its heartbeats.
"""
import argparse
import os
import sys

import hostbridge_tool


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--name", default="example-tool", help="how the host lists this tool")
    parser.add_argument("--no-server", action="store_true", help="serve nothing (port 0)")
    args = parser.parse_args()

    tool = hostbridge_tool.Tool(args.name, serve=not args.no_server)

    @tool.function(name="example.greet")
    def greet(name):
        return "Hello, %s, from %s (pid %d)" % (name, args.name, os.getpid())

    @tool.function(name="example.sceneSummary")
    def scene_summary():
        nodes = tool.host.scene.ls()  # a call back to the host, on this call's own thread
        return {"nodes": len(nodes),
                "families": sorted({node["family"] for node in nodes}),
                "selected": [node["name"] for node in nodes if node.get("selected")]}

    try:
        return tool.run()
    except hostbridge_tool.hostbridge_connect.HostNotFound as e:
        print("example_tool: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
