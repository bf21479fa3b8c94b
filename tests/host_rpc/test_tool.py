#!/usr/bin/env python3
"""A tool for the ToolLink tests and benchmark (Python stdlib only), launched by a host.

  test_tool.py [--tag T] [--lines N] [--no-port] [--stubborn]

Prints N lines "out I" on stdout and N lines "err I" on stderr, then serves XML-RPC on
127.0.0.1 port 0 with the token of $HOSTBRIDGE_TOKEN (HTTP Basic password or Bearer) and prints
"Port:NNNN" (unless --no-port). Methods: ping() -> {"pid", "cwd"}, env(name) -> str,
say(lines, stream) prints the lines on "stdout" or "stderr", crash() ends the process with
SIGKILL, hostbridge.disconnect() answers and exits (not with --stubborn, which also ignores
SIGTERM). --tag only makes the identity differ.

Follows the host-watch rule of docs/tools.md ("Launching tools"): with $HOSTBRIDGE_HOST_GRACE
(seconds) above 0, it exits once no host has held it for that long; the host holding it is "hostPid" of the
record $HOSTBRIDGE_TOOL_RECORD (rewritten by a host that attaches), else $HOSTBRIDGE_HOST_PID.
"""
import argparse, base64, json, os, signal, socketserver, sys, threading, time
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler


class ThreadedServer(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return True


def host_pid():
    try:
        with open(os.environ["HOSTBRIDGE_TOOL_RECORD"], encoding="utf-8") as f:
            return int(json.load(f)["hostPid"])
    except (KeyError, OSError, ValueError):
        return int(os.environ.get("HOSTBRIDGE_HOST_PID", "0"))


def watch_host(grace):
    since = None
    while True:
        time.sleep(0.1)
        if alive(host_pid()):
            since = None
        elif since is None:
            since = time.monotonic()
        elif time.monotonic() - since >= grace:
            print("no host for %.1f s; exiting" % grace, file=sys.stderr, flush=True)
            os._exit(0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tag", default="")
    ap.add_argument("--lines", type=int, default=0)
    ap.add_argument("--no-port", action="store_true")
    ap.add_argument("--stubborn", action="store_true")
    args = ap.parse_args()

    grace = float(os.environ.get("HOSTBRIDGE_HOST_GRACE") or 0)
    if grace > 0:
        threading.Thread(target=watch_host, args=(grace,), daemon=True).start()
    if args.stubborn:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for i in range(args.lines):
        sys.stdout.write("out %d\n" % i)
    sys.stdout.flush()
    for i in range(args.lines):
        sys.stderr.write("err %d\n" % i)
    sys.stderr.flush()
    if args.no_port:
        while True:
            time.sleep(60)

    token = os.environ.get("HOSTBRIDGE_TOKEN", "")

    class Handler(SimpleXMLRPCRequestHandler):
        rpc_paths = ("/", "/RPC2")

        def log_message(self, *a):
            pass

        def parse_request(self):
            if not super().parse_request():
                return False
            auth = self.headers.get("Authorization", "")
            given = ""
            if auth.startswith("Basic "):
                try:
                    given = base64.b64decode(auth[6:]).decode().split(":", 1)[1]
                except Exception:
                    given = ""
            elif auth.startswith("Bearer "):
                given = auth[7:]
            if token and given != token:
                self.send_error(401)
                return False
            return True

    server = ThreadedServer(("127.0.0.1", 0), requestHandler=Handler, logRequests=False, allow_none=True)
    server.register_function(lambda: {"pid": os.getpid(), "cwd": os.getcwd()}, "ping")
    server.register_function(lambda name: os.environ.get(name, ""), "env")

    def say(lines, stream="stdout"):
        out = sys.stderr if stream == "stderr" else sys.stdout
        for line in lines:
            out.write(line + "\n")
        out.flush()
        return True
    server.register_function(say, "say")

    def crash():
        os.kill(os.getpid(), signal.SIGKILL)
    server.register_function(crash, "crash")

    if not args.stubborn:
        def disconnect():
            threading.Timer(0.05, lambda: os._exit(0)).start()
            return True
        server.register_function(disconnect, "hostbridge.disconnect")

    print("Port:%d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
