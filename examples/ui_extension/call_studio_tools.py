#!/usr/bin/env python3
"""A host (any script) calling functions a studio added to the publishing UI.

    hostbridge-ui --port 9090 --extension examples/ui_extension/StudioTools.qml &
    python3 examples/ui_extension/call_studio_tools.py [--port 9090]

Finds the UI through its connection file ui-<port>.json in the runtime directory
($HOSTBRIDGE_RUNTIME_DIR, else $XDG_RUNTIME_DIR/hostbridge, else /tmp/hostbridge-<uid>) and sends
its token as HTTP Basic auth. Standard library only.
"""
import argparse, base64, json, os, sys, xmlrpc.client


def runtime_directory():
    if os.environ.get("HOSTBRIDGE_RUNTIME_DIR"):
        return os.environ["HOSTBRIDGE_RUNTIME_DIR"]
    if os.environ.get("XDG_RUNTIME_DIR"):
        return os.path.join(os.environ["XDG_RUNTIME_DIR"], "hostbridge")
    return "/tmp/hostbridge-%d" % os.geteuid()


class TokenTransport(xmlrpc.client.Transport):
    """Sends the token as a header, so it never appears in a URL or an error message."""

    def __init__(self, token):
        super().__init__()
        self.token = token

    def send_headers(self, connection, headers):
        credentials = base64.b64encode(("hostbridge:" + self.token).encode()).decode()
        connection.putheader("Authorization", "Basic " + credentials)
        super().send_headers(connection, headers)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=9090, help="the UI's port (default 9090)")
    args = parser.parse_args()
    path = os.path.join(runtime_directory(), "ui-%d.json" % args.port)
    try:
        with open(path, encoding="utf-8") as f:
            info = json.load(f)
    except OSError:
        print("no HostBridge UI on port %d (no %s)" % (args.port, path), file=sys.stderr)
        return 3
    ui = xmlrpc.client.ServerProxy("http://127.0.0.1:%d/" % args.port, allow_none=True,
                                   transport=TokenTransport(info["token"]))
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
