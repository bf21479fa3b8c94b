"""Finding a running HostBridge host and calling it, with Python's standard library only.

Every HostBridge server writes a connection file, {kind, pid, port, started, token, url, socket} as
JSON, into the per-user runtime directory: $HOSTBRIDGE_RUNTIME_DIR, else
$XDG_RUNTIME_DIR/hostbridge, else /tmp/hostbridge-<uid>. A host's file is host-<pid>.json; "socket"
names the Unix domain socket it serves beside its port (host-<pid>.sock), which proxy() uses when
there is one: calls there skip TCP and only this user can connect. The token goes as the
password of HTTP Basic auth (any user name), over either. It is sent as a header rather than put in the URL, because
xmlrpc.client quotes the whole URL in its errors and the token would end up on screen.

    import hostbridge_connect
    info = hostbridge_connect.find_host()            # the one running host, else HostNotFound
    host = hostbridge_connect.proxy(info)            # its own functions, on /RPC2 (socket if offered)
    pyblish = hostbridge_connect.proxy(info, "/pyblish")
    sys.exit(hostbridge_connect.run(main))           # errors as one line and an exit status
"""

import base64
import glob
import http.client
import json
import os
import socket
import stat
import sys
import urllib.parse
import xmlrpc.client

CALL_TIMEOUT_S = 30  # every call gives up after this; calls normally take milliseconds


class HostNotFound(RuntimeError):
    """No host to talk to, or several and no way to choose."""


def runtime_directory():
    """Where connection files are, by the same rules as the C++ side."""
    if os.environ.get("HOSTBRIDGE_RUNTIME_DIR"):
        return os.environ["HOSTBRIDGE_RUNTIME_DIR"]
    if os.environ.get("XDG_RUNTIME_DIR"):
        return os.path.join(os.environ["XDG_RUNTIME_DIR"], "hostbridge")
    return "/tmp/hostbridge-%d" % os.geteuid()


def read_connection_file(path):
    """The file's contents as a dict, with "path" added. Raises OSError unless it is a regular
    file of this user that nobody else can write (only such a file's token may be sent)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, encoding="utf-8") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o022:
            raise OSError("%s is not a private file of this user" % path)
        info = json.load(f)
    info["path"] = path
    return info


def _stat_fields(pid):
    """The fields of /proc/PID/stat from the state on (field 3), or None without /proc."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _writer_running(info):
    """Whether the process that wrote `info` still runs: its pid is alive and not a zombie and,
    when the file recorded its start time ("started", /proc/PID/stat field 22), it started
    then, so a pid reused by another process does not count."""
    pid = info["pid"]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    fields = _stat_fields(pid)
    if fields is None:
        return True  # no /proc (not Linux): the signal test is all there is
    # A killed process its parent has not reaped yet still takes signals: a zombie serves nothing.
    if fields[0] == "Z":
        return False
    return not info.get("started") or int(fields[19]) == info["started"]


def start_time(pid):
    """When process `pid` started (ticks after boot, /proc/PID/stat field 22): the "started" of a
    connection file, so a reused pid does not make a dead writer's file live. 0 without /proc."""
    fields = _stat_fields(pid)
    return int(fields[19]) if fields else 0


def running_hosts():
    """The connection files of hosts whose process still runs (a crashed host leaves its file)."""
    hosts = []
    for path in sorted(glob.glob(os.path.join(runtime_directory(), "host-*.json"))):
        try:
            info = read_connection_file(path)
        except (OSError, ValueError):
            continue  # being written or removed right now, or not ours
        if info.get("kind") == "host" and _writer_running(info):
            hosts.append(info)
    return hosts


def find_host(connection_file=None):
    """The host of `connection_file`, else the only running host. Raises HostNotFound."""
    if connection_file:
        try:
            return read_connection_file(connection_file)
        except (OSError, ValueError) as e:
            raise HostNotFound("cannot read %s: %s" % (connection_file, e))
    hosts = running_hosts()
    if len(hosts) == 1:
        return hosts[0]
    if not hosts:
        raise HostNotFound("no running host in %s; start one (hostbridge-demo-host --no-ui)" % runtime_directory())
    raise HostNotFound("%d hosts are running; choose one with --connection FILE:\n  %s"
                       % (len(hosts), "\n  ".join(h["path"] for h in hosts)))


class _TimeoutTransport(xmlrpc.client.Transport):
    """xmlrpc.client has no call timeout of its own: set one on every connection it opens."""

    def __init__(self, timeout, headers):
        super().__init__(headers=headers)
        self.timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


class _UnixConnection(http.client.HTTPConnection):
    """HTTP over a Unix domain socket: "localhost" in the Host header, the socket for the rest."""

    def __init__(self, socket_path, timeout):
        super().__init__("localhost", timeout=timeout)
        self.socket_path = socket_path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            sock.connect(self.socket_path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


class UnixSocketTransport(xmlrpc.client.Transport):
    """An xmlrpc.client transport to the server on the Unix socket `socket_path`, kept alive
    between calls as the TCP one is. The ServerProxy's URL gives the path; its host part only
    names the server in errors (proxy() puts the socket's path there, percent-encoded):
    ServerProxy("http://localhost/RPC2", transport=UnixSocketTransport(path, 30, headers))."""

    def __init__(self, socket_path, timeout=CALL_TIMEOUT_S, headers=()):
        super().__init__(headers=list(headers))
        self.socket_path = socket_path
        self.timeout = timeout

    def make_connection(self, host):
        # One connection, reused while the server keeps it open (the stock transport's rule).
        if self._connection and self._connection[0] == host:
            return self._connection[1]
        self._connection = host, _UnixConnection(self.socket_path, self.timeout)
        return self._connection[1]


def proxy(info, path="/RPC2", timeout=CALL_TIMEOUT_S):
    """An xmlrpc.client.ServerProxy for the host of `info` (a connection file's dict): over its
    Unix socket when the file names one and this platform has them, else over its port."""
    headers = []
    if info.get("token"):  # empty for a server started without a token
        basic = base64.b64encode(("any:" + info["token"]).encode()).decode()
        headers.append(("Authorization", "Basic " + basic))
    if info.get("socket") and hasattr(socket, "AF_UNIX"):
        transport = UnixSocketTransport(info["socket"], timeout, headers)
        url = "http://%s%s" % (urllib.parse.quote(info["socket"], safe=""), path)
        return xmlrpc.client.ServerProxy(url, allow_none=True, transport=transport)
    url = "http://127.0.0.1:%d%s" % (info["port"], path)
    return xmlrpc.client.ServerProxy(url, allow_none=True, transport=_TimeoutTransport(timeout, headers))


def add_connection_argument(parser):
    """--connection FILE, for scripts that take their host on the command line."""
    parser.add_argument("--connection", metavar="FILE",
                        help="a host's connection file (default: the only running host in %s)" % runtime_directory())


def parse_argument(text):
    """A command-line argument as JSON, or as a plain string when it is not JSON (like hostbridge-call)."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def to_json(value):
    """A result as indented JSON; DateTime and Binary become strings."""
    return json.dumps(value, indent=2, default=str)


def run(main):
    """Runs a script's main() and turns what can go wrong into one line on stderr and an exit
    status: 1 a fault, 2 no host found, 3 no connection or an HTTP error (401: wrong token,
    404: the path is not served). main() returns the status when nothing went wrong."""
    name = os.path.basename(sys.argv[0])
    try:
        return main()
    except HostNotFound as e:
        print("%s: %s" % (name, e), file=sys.stderr)
        return 2
    except xmlrpc.client.Fault as fault:
        print("fault %d: %s" % (fault.faultCode, fault.faultString), file=sys.stderr)
        return 1
    except xmlrpc.client.ProtocolError as e:
        print("%s: %s: HTTP %d %s" % (name, e.url, e.errcode, e.errmsg), file=sys.stderr)
        return 3
    except OSError as e:  # refused, reset, timed out
        print("%s: %s" % (name, e), file=sys.stderr)
        return 3
