#!/usr/bin/env python3
"""A stand-in for hostbridge-ui (Python stdlib only), for the UiLink tests.

  stand_in_ui.py --port N [--mode ui|wrong-ping|mute]

ui (default): serves show/hide/quit/kill/heartbeat/ping/find_available_port like the real UI,
requires the token of $HOSTBRIDGE_TOKEN (HTTP Basic password), writes ui-<port>.json into the
runtime directory, and records every call; stand_in.calls() returns them as
[seconds since start, method, params...], stand_in.deaf(seconds) closes the port for a while
(the process stays), stand_in.cmdline() returns its own argv. quit/kill exit the process.
It also serves the live methods of protocol.md ("Live updates, notices and questions"):
publish_update(port, updates) (recorded with the wall-clock time of arrival, time.time(), as a
last element), notify(port, notice) and ask(port, question). stand_in.configure(settings)
changes how they behave: update_delay (seconds each publish_update takes), ask_answer (the
choice to answer; unset: the question's default), ask_delay (seconds before answering; past
the question's timeout it answers the default, as the UI does), ask_ignore (never answer),
ask_callback (before answering, call this method on the asking host's /pyblish with the
HostToken of the last show, and record its outcome as "ask_callback").
wrong-ping: a squatter whose ping answers {"message"} only (no token, no connection file).
mute: a squatter that accepts connections and never answers.
"""
import argparse, base64, json, os, socket, socketserver, sys, threading, time, xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler

START = time.monotonic()


class ThreadedServer(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    """A thread per connection, as the real UI has: a slow ask must not hold up heartbeats."""
    daemon_threads = True


def runtime_dir():
    d = os.environ.get("HOSTBRIDGE_RUNTIME_DIR")
    if not d:
        x = os.environ.get("XDG_RUNTIME_DIR")
        d = os.path.join(x, "hostbridge") if x else "/tmp/hostbridge-%d" % os.getuid()
    os.makedirs(d, mode=0o700, exist_ok=True)
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--mode", default="ui", choices=["ui", "wrong-ping", "mute"])
    args, _ = ap.parse_known_args()

    if args.mode == "mute":
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", args.port))
        s.listen(16)
        print("Port:%d" % args.port, flush=True)
        held = []
        while True:
            c, _ = s.accept()
            held.append(c)  # never answers

    token = os.environ.get("HOSTBRIDGE_TOKEN", "") if args.mode == "ui" else ""
    calls = []
    config = {}
    lock = threading.Lock()
    state = {"server": None, "stop": False}

    class Handler(SimpleXMLRPCRequestHandler):
        rpc_paths = ("/", "/RPC2")

        def log_message(self, *a):
            pass

        def parse_request(self):
            if not super().parse_request():
                return False
            if token:
                auth = self.headers.get("Authorization", "")
                ok = False
                if auth.startswith("Basic "):
                    try:
                        ok = base64.b64decode(auth[6:]).decode().split(":", 1)[1] == token
                    except Exception:
                        ok = False
                if not ok:
                    self.send_error(401)
                    return False
            return True

    def record(name, *params):
        with lock:
            calls.append([round(time.monotonic() - START, 3), name] + list(params))

    conn_path = os.path.join(runtime_dir(), "ui-%d.json" % args.port)

    def remove_file():
        try:
            os.unlink(conn_path)
        except OSError:
            pass

    def exit_soon():
        def later():
            time.sleep(0.1)
            remove_file()
            os._exit(0)
        threading.Thread(target=later, daemon=True).start()

    def serve():
        srv = ThreadedServer(("127.0.0.1", args.port), requestHandler=Handler, logRequests=False,
                                 allow_none=True, bind_and_activate=False)
        srv.allow_reuse_address = True
        srv.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.server_bind()
        srv.server_activate()

        if args.mode == "wrong-ping":
            srv.register_function(lambda: {"message": "Hello from something else"}, "ping")
        else:
            def show(port, settings=None):
                record("show", port, settings)
                return True
            def heartbeat(port):
                record("heartbeat", port)
                return None
            def ping():
                record("ping")
                return {"message": "Hello", "application": "hostbridge-ui", "pid": os.getpid()}
            def hide():
                record("hide")
                return True
            def quit_():
                record("quit")
                exit_soon()
                return True
            def get_calls():
                with lock:
                    return list(calls)
            def deaf(seconds):
                def go():
                    srv.shutdown()
                    srv.server_close()
                    time.sleep(seconds)
                    serve()
                threading.Thread(target=go, daemon=True).start()
                return True
            srv.register_function(show, "show")
            srv.register_function(heartbeat, "heartbeat")
            srv.register_function(ping, "ping")
            srv.register_function(hide, "hide")
            srv.register_function(quit_, "quit")
            srv.register_function(quit_, "kill")
            srv.register_function(lambda start: start or 9001, "find_available_port")
            def publish_update(port, updates):
                if config.get("update_delay"):
                    time.sleep(config["update_delay"])
                record("publish_update", port, updates, time.time())
                return None
            def notify(port, notice):
                record("notify", port, notice)
                return True
            def ask(port, question):
                record("ask", port, question)
                if config.get("ask_ignore"):
                    time.sleep(3600)
                if config.get("ask_callback"):
                    host_token = ""
                    with lock:
                        for call in calls:
                            if call[1] == "show" and isinstance(call[3], dict):
                                host_token = call[3].get("HostToken", "")
                    host = xmlrpc.client.ServerProxy("http://any:%s@127.0.0.1:%d/pyblish" % (host_token, port),
                                                     allow_none=True)
                    try:
                        outcome = ["ok", getattr(host, config["ask_callback"])()]
                    except Exception as e:  # recorded for the test to see
                        outcome = ["error", str(e)]
                    record("ask_callback", outcome)
                delay = config.get("ask_delay", 0)
                if delay >= question["timeout"]:
                    time.sleep(question["timeout"])
                    return question["default"]
                time.sleep(delay)
                return config.get("ask_answer") or question["default"]
            def configure(settings):
                config.update(settings)
                return True
            srv.register_function(publish_update, "publish_update")
            srv.register_function(notify, "notify")
            srv.register_function(ask, "ask")
            srv.register_function(configure, "stand_in.configure")
            srv.register_function(get_calls, "stand_in.calls")
            srv.register_function(deaf, "stand_in.deaf")
            srv.register_function(lambda: sys.argv, "stand_in.cmdline")
        state["server"] = srv
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    serve()
    if args.mode == "ui":
        tmp = conn_path + ".tmp%d" % os.getpid()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump({"kind": "ui", "pid": os.getpid(), "port": args.port, "token": token,
                       "url": "http://127.0.0.1:%d/" % args.port}, f)
        os.rename(tmp, conn_path)
    print("Port:%d" % args.port, flush=True)
    import signal
    signal.signal(signal.SIGTERM, lambda *a: (remove_file(), os._exit(0)))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
