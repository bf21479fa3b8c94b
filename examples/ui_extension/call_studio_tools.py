#!/usr/bin/env python3
"""A host (any script) calling functions a studio added to the publishing UI.

    hostbridge-ui --port 9090 --extension examples/ui_extension/StudioTools.qml &
    python3 examples/ui_extension/call_studio_tools.py [--port 9090]

Finds the UI through its connection file ui-<port>.json in the runtime directory, with
examples/python/hostbridge_connect.py. Standard library only.
"""
import argparse, os, sys, xmlrpc.client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import hostbridge_connect  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=9090, help="the UI's port (default 9090)")
    args = parser.parse_args()
    path = os.path.join(hostbridge_connect.runtime_directory(), "ui-%d.json" % args.port)
    try:
        info = hostbridge_connect.read_connection_file(path)
    except OSError:
        print("no HostBridge UI on port %d (no %s)" % (args.port, path), file=sys.stderr)
        return 2
    ui = hostbridge_connect.proxy(info, "/")
    studio = sorted(m for m in ui.system.listMethods() if m.startswith("studio."))
    print("studio functions:", ", ".join(studio))
    print(ui.system.methodHelp("studio.greet"))
    print(ui.studio.greet("Ada"))
    print(ui.studio.frameRange(1001, 1096))
    try:
        ui.studio.frameRange(20, 10)
    except xmlrpc.client.Fault as fault:
        print("fault %d: %s" % (fault.faultCode, fault.faultString))
    print("the window now:", ui.ui.state())
    return 0


if __name__ == "__main__":
    sys.exit(main())
