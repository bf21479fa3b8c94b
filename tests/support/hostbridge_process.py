"""A HostBridge server process under test, for the Python end-to-end tests. Standard library only.

A script run by CTest as `python3 script.py ...` imports it from PYTHONPATH, which CTest sets to
this folder (hostbridge_add_python_test in tests/CMakeLists.txt; by hand:
`PYTHONPATH=tests/support python3 tests/.../script.py --bin build/bin`). What it does for them:

    ServerProcess(argv, runtime_dir, connection_file="host-{pid}.json", env=None, ...)
        starts argv[0] with the rest as arguments, HOSTBRIDGE_RUNTIME_DIR=runtime_dir,
        HOSTBRIDGE_TOKEN removed (env, when given, is applied last), stdout read on a thread
        and stderr into a temporary file. Unless wait=False it then waits for the
        `Port:NNNN` line (wait_for_port()).
    .port, .token, .info, .file   the announced port; the token and the whole contents of the
                                  connection file, .file (connection_file formatted with pid and
                                  port, in runtime_dir), read once the port is known
    .proc, .pid, .stdout_lines    the subprocess.Popen, its pid, the queue of stripped stdout
                                  lines after the Port: line (None once stdout has ended)
    .socket                       the Unix socket its connection file names (None if none)
    .url(path="/RPC2", token=True)               http://[any:TOKEN@]127.0.0.1:PORT/PATH (TCP always)
    .proxy(path="/RPC2", token=True, timeout=15) an xmlrpc.client.ServerProxy (allow_none) over
                                                 the run's transport (below)
    .connect(timeout=15, rcvbuf=None)            a raw stream socket connected to it, over the
                                                 run's transport
    .host_header()                the Host line an HTTP client sends over that transport
    .call_target()                hostbridge-call's arguments naming it over that transport
    .wait(timeout=stop_timeout)   the exit status (subprocess.TimeoutExpired if still running)
    .terminate()                  SIGTERM, then the exit status, or None when it had to be killed
    .kill()                       SIGKILL if still running, then closes pipes and files; safe to
                                  call more than once, and after terminate()
    .stderr_text()                everything it wrote to stderr so far

The transport switch: with HOSTBRIDGE_TEST_TRANSPORT=unix (CTest's `<name>_unix` entries) every
proxy() (through examples/python/hostbridge_connect.py's UnixSocketTransport, the client users
have), connect(), host_header() and call_target() goes to the Unix socket the server names in its
connection file ("socket"); a server that names no socket fails the test rather than being called
over TCP. Unset or "tcp": over 127.0.0.1:PORT. TRANSPORT and
OVER_UNIX_SOCKET say which, for tests whose checks differ between the two.

Also wait_for(predicate, timeout, step) (a bounded poll), alive(pid) (running, not a zombie) and
main_with_bin(set_bin) (a script's main: --bin DIR, then unittest).

Every wait is bounded, so a hung process fails a test instead of hanging it.
"""

import base64
import importlib.util
import json
import os
import queue
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
import xmlrpc.client

CALL_TIMEOUT_S = 15   # one call; calls normally take milliseconds
START_TIMEOUT_S = 10  # until the process prints Port:NNNN
STOP_TIMEOUT_S = 10   # until the process exits after SIGTERM

TRANSPORT = os.environ.get("HOSTBRIDGE_TEST_TRANSPORT") or "tcp"
if TRANSPORT not in ("tcp", "unix"):
    raise ValueError("HOSTBRIDGE_TEST_TRANSPORT must be tcp or unix, not %r" % TRANSPORT)
OVER_UNIX_SOCKET = TRANSPORT == "unix"

EXAMPLES_PYTHON = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "python")
_connect_helper = None


def hostbridge_connect():
    """examples/python/hostbridge_connect.py, imported once: its UnixSocketTransport is what
    scripts call a server's socket with, so the socket runs use it rather than a copy."""
    global _connect_helper
    if _connect_helper is None:
        spec = importlib.util.spec_from_file_location(
            "hostbridge_connect", os.path.join(EXAMPLES_PYTHON, "hostbridge_connect.py"))
        _connect_helper = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_connect_helper)
    return _connect_helper


def main_with_bin(set_bin):
    """The main() of a test script run by CTest as `script.py --bin DIR [unittest args]`:
    set_bin(DIR, absolute) before the script's unittest cases run with the other arguments."""
    import argparse, sys, unittest
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="the build's bin directory")
    args, rest = parser.parse_known_args()
    set_bin(os.path.abspath(args.bin))
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


def wait_for(predicate, timeout=30, step=0.05):
    """Calls predicate() until it returns something true (returned) or timeout seconds pass
    (then its last answer is returned): the bounded wait of every end-to-end test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def memory_kb(pid):
    """(VmHWM, VmRSS) of a process in KiB."""
    values = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0])
    return values["VmHWM"], values["VmRSS"]


def alive(pid):
    """Whether process pid runs (a zombie does not)."""
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class TimeoutTransport(xmlrpc.client.Transport):
    """xmlrpc.client's transport with a socket timeout on every connection it opens."""

    def __init__(self, timeout=CALL_TIMEOUT_S, use_builtin_types=False):
        super().__init__(use_builtin_types=use_builtin_types)
        self.timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self.timeout  # used when it connects, which is after this
        return connection


class ServerProcess:
    """A HostBridge server process (host or UI) under test; see the module's documentation."""

    def __init__(self, argv, runtime_dir, connection_file="host-{pid}.json", env=None, wait=True,
                 start_timeout=START_TIMEOUT_S, stop_timeout=STOP_TIMEOUT_S, use_builtin_types=False):
        self.name = os.path.basename(argv[0])
        self.runtime_dir = runtime_dir
        self.connection_file = connection_file
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self.use_builtin_types = use_builtin_types
        self.port = self.token = self.info = self.file = self.socket = None
        full_env = dict(os.environ, HOSTBRIDGE_RUNTIME_DIR=runtime_dir)
        full_env.pop("HOSTBRIDGE_TOKEN", None)
        full_env.update(env or {})
        self._stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(list(argv), stdout=subprocess.PIPE, stderr=self._stderr,
                                     env=full_env, text=True)
        self.pid = self.proc.pid
        # A thread reads stdout, so waiting for the Port line can time out instead of blocking,
        # and a full pipe never blocks the process.
        self.stdout_lines = queue.Queue()
        self.pump = threading.Thread(target=self._pump, daemon=True)
        self.pump.start()
        if wait:
            self.wait_for_port()

    def _pump(self):
        for line in self.proc.stdout:
            self.stdout_lines.put(line.strip())
        self.stdout_lines.put(None)

    def wait_for_port(self):
        """Waits for the Port:NNNN line, then reads the connection file; returns the port.
        Raises RuntimeError (after killing the process) when none comes in time."""
        deadline = time.monotonic() + self.start_timeout
        line = None
        while time.monotonic() < deadline:
            try:
                line = self.stdout_lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                line = None
                break
            if line is None or line.startswith("Port:"):
                break
        if not line or not line.startswith("Port:"):
            self.kill()
            raise RuntimeError("%s did not announce its port: %r, stderr: %s"
                               % (self.name, line, self.stderr_text()))
        self.port = int(line[len("Port:"):])
        self.file = os.path.join(self.runtime_dir,
                                 self.connection_file.format(pid=self.pid, port=self.port))
        with open(self.file, encoding="utf-8") as f:  # written before Port: is printed
            self.info = json.load(f)
        self.token = self.info["token"]
        self.socket = self.info.get("socket")
        return self.port

    def _socket_path(self):
        if not self.socket:
            raise RuntimeError("%s names no Unix socket in %s, and this run is over Unix sockets"
                               % (self.name, self.file))
        return self.socket

    def url(self, path="/RPC2", token=True):
        credentials = "any:%s@" % self.token if token else ""
        return "http://%s127.0.0.1:%d%s" % (credentials, self.port, path)

    def proxy(self, path="/RPC2", token=True, timeout=CALL_TIMEOUT_S):
        if not OVER_UNIX_SOCKET:
            return xmlrpc.client.ServerProxy(self.url(path, token), allow_none=True,
                                             use_builtin_types=self.use_builtin_types,
                                             transport=TimeoutTransport(timeout, self.use_builtin_types))
        headers = []
        if token:
            headers.append(("Authorization", "Basic " + base64.b64encode(("any:" + self.token).encode()).decode()))
        transport = hostbridge_connect().UnixSocketTransport(self._socket_path(), timeout, headers)
        # It takes no use_builtin_types; xmlrpc.client.Transport keeps the choice here, for getparser().
        transport._use_builtin_types = self.use_builtin_types
        # The URL's host part only names the server in errors: the socket, as the helper writes it.
        url = "http://%s%s" % (urllib.parse.quote(self.socket, safe=""), path)
        return xmlrpc.client.ServerProxy(url, allow_none=True, transport=transport)

    def connect(self, timeout=CALL_TIMEOUT_S, rcvbuf=None):
        """A stream socket connected to the server over the run's transport, with `timeout` set.
        rcvbuf: SO_RCVBUF before connecting, so a TCP window stays that small; on a Unix socket
        the bytes in flight are bounded by the sender's buffer, so there it changes nothing."""
        family, address = ((socket.AF_UNIX, self._socket_path()) if OVER_UNIX_SOCKET
                           else (socket.AF_INET, ("127.0.0.1", self.port)))
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            if rcvbuf:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
            sock.settimeout(timeout)
            sock.connect(address)
        except OSError:
            sock.close()
            raise
        return sock

    def host_header(self):
        """The Host line HTTP clients send over the run's transport: the address they connected
        to over TCP; "localhost", no port, over a socket (curl --unix-socket, UnixSocketTransport
        and hostbridge::Client alike), which the server's Host rule accepts there."""
        return "Host: localhost" if OVER_UNIX_SOCKET else "Host: 127.0.0.1:%d" % self.port

    def call_target(self):
        """hostbridge-call's arguments that name this server over the run's transport."""
        return ["--socket", self._socket_path()] if OVER_UNIX_SOCKET else ["--port", str(self.port)]

    def wait(self, timeout=None):
        return self.proc.wait(timeout=self.stop_timeout if timeout is None else timeout)

    def terminate(self):
        """SIGTERM, then the exit status (None when it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.wait()
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=self.stop_timeout)
        # The pump sees end of file once the process has exited; then its pipe can be closed.
        self.pump.join(timeout=self.stop_timeout)
        if not self.pump.is_alive():
            self.proc.stdout.close()
        if not self._stderr.closed:
            self.stderr_text()  # kept, so stderr_text() still answers after kill()
            self._stderr.close()

    def stderr_text(self):
        if self._stderr.closed:
            return self._stderr_text
        self._stderr.seek(0)
        self._stderr_text = self._stderr.read().decode("utf-8", "replace")
        return self._stderr_text
