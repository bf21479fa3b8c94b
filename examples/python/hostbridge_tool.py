"""A HostBridge tool in any Python 3, with nothing but the standard library (docs/tools.md).

    import hostbridge_tool
    tool = hostbridge_tool.Tool("asset-browser")

    @tool.function
    def open_asset(path):
        return tool.host.scene.ls()          # calls back the host that this tool greeted

    sys.exit(tool.run())

run() serves the tool's functions on 127.0.0.1 (a port the system picks, with a token, the checks
of docs/security.md), prints `Port:NNNN` for a parent that launched it, writes its connection file
tool-<pid>.json, says hostbridge.hello to its host and heartbeats on a thread. It obeys the host:
reset (drop the connection, say hello again: a new id) and disconnect (return 0, so the tool
exits), asked through its own server's hostbridge.reset() / hostbridge.disconnect() or in a
heartbeat's answer. It returns as well on SIGTERM or SIGINT, and when the host cannot be reached
for HOSTBRIDGE_HOST_GRACE seconds; each way it says goodbye (when it can), stops serving and
removes its file. Tool("name", serve=False) serves nothing (port 0): commands then come only in
heartbeat answers.

The host, in this order:
  HOSTBRIDGE_HOST_URL         http://127.0.0.1:PORT/ or unix:/path/host-PID.sock, with
  HOSTBRIDGE_HOST_TOKEN       its token (what a host that launches the tool sets)
  HOSTBRIDGE_HOST_CONNECTION  else a host's connection file
  (none)                      else the one running host in the runtime directory
Also read:
  HOSTBRIDGE_TOKEN            the token this tool's server requires (default: a fresh 256-bit one)
  HOSTBRIDGE_HOST_GRACE       seconds without reaching the host before run() returns (default 30;
                              0: never, the tool outlives its host)
The tokens are removed from the environment once read, so nothing the tool starts inherits them.
"""

import base64
import binascii
import hmac
import json
import os
import signal
import socketserver
import sys
import threading
import time
import urllib.parse
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

import hostbridge_connect

UNKNOWN_CLIENT = -32004   # docs/fault-codes.md: the host does not know this id (any more)
PROTOCOL_TIMEOUT_S = 5    # hello, heartbeat, goodbye: the host answers them on a server thread
CALL_TIMEOUT_S = 30       # the tool's own calls, which may wait for the DCC's main thread
MAX_BODY_BYTES = 16 * 1024 * 1024
DEFAULT_GRACE_S = 30


def _log(message):
    print("hostbridge_tool: %s" % message, file=sys.stderr, flush=True)


def _environment_secret(name):
    """The variable's value, removed from the environment (children must not inherit it)."""
    return os.environ.pop(name, "")


def find_host():
    """The host to greet, as a connection file's dict ({"port"} or {"socket"}, and "token"), from
    the environment or the runtime directory. Raises hostbridge_connect.HostNotFound."""
    url = os.environ.get("HOSTBRIDGE_HOST_URL")
    token = _environment_secret("HOSTBRIDGE_HOST_TOKEN")
    if not url:
        return hostbridge_connect.find_host(os.environ.get("HOSTBRIDGE_HOST_CONNECTION"))
    if url.startswith("unix:"):
        return {"socket": url[len("unix:"):], "token": token}
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost") or not parts.port:
        raise hostbridge_connect.HostNotFound(
            "HOSTBRIDGE_HOST_URL must be http://127.0.0.1:PORT/ or unix:PATH, not %r" % url)
    return {"port": parts.port, "token": token}


class _Handler(SimpleXMLRPCRequestHandler):
    """The checks of docs/security.md, in its order, before xmlrpc.server reads the body."""
    rpc_paths = ("/", "/RPC2")
    timeout = 10  # a stuck peer holds its connection thread at most this long per read

    def log_message(self, *args):
        pass

    def _refuse(self, status, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def _loopback_host(self):
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1:
            return False
        port = str(self.server.server_address[1])
        return hosts[0].lower() in {name + suffix for name in ("127.0.0.1", "localhost", "[::1]")
                                    for suffix in ("", ":" + port)}

    def _token_matches(self):
        expected = self.server.token.encode()
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            try:
                given = base64.b64decode(auth[len("Basic "):], validate=True).split(b":", 1)[1]
            except (binascii.Error, IndexError):
                return False
        elif auth.startswith("Bearer "):
            given = auth[len("Bearer "):].encode()
        else:
            return False
        return hmac.compare_digest(given, expected)

    def parse_request(self):
        if not super().parse_request():
            return False
        if not self._loopback_host():
            self._refuse(403)
            return False
        if "Origin" in self.headers or any(k.lower().startswith("sec-fetch-") for k in self.headers.keys()):
            self._refuse(403)
            return False
        if not self._token_matches():
            self._refuse(401, [("WWW-Authenticate", 'Basic realm="hostbridge"')])
            return False
        return True

    def do_POST(self):
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "text/xml" or self.headers.get("Content-Encoding", "identity").lower() != "identity":
            self._refuse(415)
            return
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            self._refuse(411)
            return
        if int(length) > MAX_BODY_BYTES:
            self._refuse(413)
            return
        super().do_POST()

    def _not_post(self):
        self._refuse(405, [("Allow", "POST")])

    do_GET = do_HEAD = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = _not_post


class _Server(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    """A thread per connection; server_close() waits for them (each bounded by _Handler.timeout),
    so the answer to hostbridge.disconnect goes out before the process ends."""
    daemon_threads = False

    def __init__(self, token):
        self.token = token
        super().__init__(("127.0.0.1", 0), requestHandler=_Handler, logRequests=False, allow_none=True)


class Tool:
    """A tool process that serves its functions and is a client of its host (module docs)."""

    def __init__(self, name, serve=True, host=None):
        """name: how the host lists it. serve: run a server for its functions (else port 0).
        host: a connection file's dict for the host; None finds it (find_host())."""
        self.name = name
        self.serve = serve
        self.port = 0
        self.client_id = None       # from the last hello
        self.hellos = 0             # hellos answered so far
        self.connection_file = None
        self._host_info = host
        self._token = _environment_secret("HOSTBRIDGE_TOKEN") or binascii.hexlify(os.urandom(32)).decode()
        grace = os.environ.get("HOSTBRIDGE_HOST_GRACE")
        self._grace = float(grace) if grace else DEFAULT_GRACE_S
        self._functions = {}
        self._interval = 1.0
        self._stop = threading.Event()
        self._wake = threading.Event()     # act now: a reset or disconnect came to the server
        self._reset_asked = threading.Event()
        self._generation = 0               # bumped by a reset: callers' proxies are made again
        self._local = threading.local()
        self._server = None
        self._serving = None
        self._beating = None

    # --- what a tool author uses ---------------------------------------------------------------

    def function(self, function=None, *, name=None):
        """Decorator: @tool.function, or @tool.function(name="assets.open"), serves a function."""
        def register(f):
            self._functions[name or f.__name__] = f
            return f
        return register(function) if function is not None else register

    @property
    def host(self):
        """An xmlrpc.client.ServerProxy to the host's functions, one per thread (a proxy is not
        thread-safe), made again after a reset."""
        return self._proxy("host", CALL_TIMEOUT_S)

    def _proxy(self, kind, timeout):
        """This thread's proxy of `kind`, made anew after a reset (which drops the connections)."""
        proxies = getattr(self._local, "proxies", None)
        if proxies is None:
            proxies = self._local.proxies = {}
        generation, proxy = proxies.get(kind, (None, None))
        if generation != self._generation:
            proxy = hostbridge_connect.proxy(self._host_info, timeout=timeout)
            proxies[kind] = (self._generation, proxy)
        return proxy

    def _protocol(self):
        """The proxy for hello, heartbeat and goodbye: short timeouts."""
        return self._proxy("protocol", PROTOCOL_TIMEOUT_S)

    def run(self):
        """start(), wait until disconnected (or SIGTERM, SIGINT, the host gone), stop(); 0."""
        for stop_signal in (signal.SIGTERM, signal.SIGINT):
            signal.signal(stop_signal, lambda *_: self._stop.set())
        try:
            self.start()
            while not self._stop.wait(0.2):  # slices: signal handlers run between them
                pass
        finally:
            self.stop()
        return 0

    def start(self):
        """Serves (Port: line, connection file), says hello and starts heartbeating. Raises
        HostNotFound, or OSError / xmlrpc.client.Fault when the host refuses the hello."""
        if self._host_info is None:
            self._host_info = find_host()
        if self.serve:
            self._serve()
        self._hello()
        self._beating = threading.Thread(target=self._beat, name="hostbridge-heartbeat", daemon=True)
        self._beating.start()

    def stop(self):
        """Says goodbye (when greeted and the host answers), stops serving, removes the file."""
        self._stop.set()
        self._wake.set()
        if self._beating and self._beating is not threading.current_thread():
            self._beating.join(PROTOCOL_TIMEOUT_S + 1)
        if self.client_id:
            try:
                self._protocol().hostbridge.goodbye(self.client_id)
            except (OSError, xmlrpc.client.Error):
                pass  # the host is gone or forgot us: nothing to take leave of
            self.client_id = None
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self.connection_file:
            try:
                os.unlink(self.connection_file)
            except OSError:
                pass
            self.connection_file = None

    # --- the protocol ---------------------------------------------------------------------------

    def _serve(self):
        self._server = _Server(self._token)
        self._server.register_introspection_functions()
        for name, function in self._functions.items():
            self._server.register_function(function, name)
        self._server.register_function(self._on_reset, "hostbridge.reset")
        self._server.register_function(self._on_disconnect, "hostbridge.disconnect")
        self.port = self._server.server_address[1]
        self._serving = threading.Thread(target=self._server.serve_forever, name="hostbridge-tool-server",
                                         daemon=True)
        self._serving.start()
        self.connection_file = self._write_connection_file()
        print("Port:%d" % self.port, flush=True)

    def _write_connection_file(self):
        """tool-<pid>.json in the runtime directory, as every HostBridge server writes its own."""
        directory = hostbridge_connect.runtime_directory()
        os.makedirs(directory, mode=0o700, exist_ok=True)
        st = os.stat(directory)
        if st.st_uid != os.geteuid() or st.st_mode & 0o022:
            raise RuntimeError("the runtime directory %s can be written by others; set HOSTBRIDGE_RUNTIME_DIR "
                               "to a directory only you can write to" % directory)
        pid = os.getpid()
        path = os.path.join(directory, "tool-%d.json" % pid)
        info = {"kind": "tool", "pid": pid, "port": self.port, "started": hostbridge_connect.start_time(pid),
                "token": self._token, "url": "http://127.0.0.1:%d/" % self.port}
        temporary = path + ".tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(info, f)
        os.replace(temporary, path)  # atomic: a reader never sees half a file
        return path

    def _on_reset(self):
        self._reset_asked.set()
        self._wake.set()
        return True

    def _on_disconnect(self):
        self._stop.set()
        self._wake.set()
        return True

    def _hello(self):
        answer = self._protocol().hostbridge.hello(
            {"name": self.name, "pid": os.getpid(), "port": self.port, "token": self._token if self.serve else ""})
        self.client_id = answer["id"]
        self._interval = float(answer["heartbeatInterval"])
        self.hellos += 1
        _log("said hello to the host as %s (heartbeat every %g s)" % (self.client_id, self._interval))

    def _reset(self):
        """Drops every connection to the host and says hello again."""
        self._reset_asked.clear()
        self._generation += 1
        self.client_id = None
        self._hello()

    def _beat(self):
        """The heartbeat thread: beats at the host's interval, obeys what it answers, gives up
        after the grace period without an answer."""
        last_answer = time.monotonic()
        while not self._stop.is_set():
            self._wake.wait(self._interval)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                if self._reset_asked.is_set() or self.client_id is None:
                    self._reset()
                    last_answer = time.monotonic()
                    continue
                answer = self._protocol().hostbridge.heartbeat(self.client_id)
                last_answer = time.monotonic()
            except xmlrpc.client.Fault as fault:
                last_answer = time.monotonic()  # it answered: it is there
                if fault.faultCode == UNKNOWN_CLIENT:
                    _log("the host no longer knows %s: saying hello again" % self.client_id)
                    self.client_id = None
                else:
                    _log("heartbeat: fault %d: %s" % (fault.faultCode, fault.faultString))
                continue
            except (OSError, xmlrpc.client.ProtocolError) as e:
                silent = time.monotonic() - last_answer
                if self._grace > 0 and silent > self._grace:
                    _log("the host has not answered for %.0f s (%s): stopping" % (silent, e))
                    self._stop.set()
                    return
                continue
            command = answer.get("command") if isinstance(answer, dict) else None
            if command == "reset":
                self._reset_asked.set()
                self._wake.set()
            elif command == "disconnect":
                _log("the host asked this tool to disconnect")
                self._stop.set()
