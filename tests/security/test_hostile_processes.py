#!/usr/bin/env python3
"""The hostile-request corpus against the real processes, over raw sockets.

    test_hostile_processes.py --bin BUILD/bin [--only hello|demo|ui] [unittest options]

Starts hostbridge-hello-host, hostbridge-demo-host --no-ui and hostbridge-ui (offscreen), each
on --port 0, and sends each of them every input below: the XML bodies of tests/security/corpus/
(shared with the in-process tests' ideas and the fuzz seeds), large generated ones (quadratic
blowup, 10,000-deep arrays and structs, a 100 MB string), lying Content-Lengths, every HTTP
method, bad Host, browser headers, wrong media types and missing, wrong and old tokens. Each
must get an HTTP error or a fault in bounded time, and afterwards a normal call must succeed.
The peak resident memory (VmHWM of /proc/PID/status) is read before and after; it must stay
within a bound. A table of input -> answer, time is printed for each process.

Over TCP by default; with HOSTBRIDGE_TEST_TRANSPORT=unix (CTest security_hostile_processes_unix)
every request goes to the Unix socket each program names in its connection file instead. The
checks are the same there. Only the Host line of well-formed requests differs, being what clients
send over each: "127.0.0.1:PORT" over TCP, "localhost" over the socket; the Host cases pin the
rule, which is the same on both (a loopback name with the server's own TCP port, or no port).

tst_xml_hostile and friends prove the same checks on an in-process Server; this test proves them
on the binaries users run, which wire the Server up themselves. Standard library only.
"""

import argparse
import base64
import os
import select
import socket
import sys
import tempfile
import time
import unittest

import hostbridge_process

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
START_TIMEOUT_S = 20   # the UI loads QML before it prints Port:
ANSWER_TIMEOUT_S = 10  # one hostile exchange; answers take milliseconds
FAST_S = 1.0           # what "bounded time" means for an answer
# Peak memory a process may gain over the whole corpus. The largest body it must read is under
# 1 MB and the 100 MB one is refused unread, so a growth near 100 MB means it was read.
HWM_GROWTH_LIMIT_KB = 48 * 1024

BIN = None
ONLY = None

PROCESSES = {
    "hello": ("hostbridge-hello-host", ["--port", "0"], "host-{pid}.json", {}),
    "demo": ("hostbridge-demo-host", ["--no-ui", "--port", "0"], "host-{pid}.json", {}),
    "ui": ("hostbridge-ui", ["--port", "0"], "ui-{port}.json",
           {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}),
}


def start(kind, runtime_dir):
    program, args, connection_file, env = PROCESSES[kind]
    return hostbridge_process.ServerProcess([os.path.join(BIN, program), *args], runtime_dir,
                                            connection_file=connection_file, env=env,
                                            start_timeout=START_TIMEOUT_S)


def where(process):
    """What this run sends to: the port, or the socket."""
    return "the Unix socket " + process.socket if hostbridge_process.OVER_UNIX_SOCKET else "port %d" % process.port


def cpu_seconds(pid):
    """User plus system CPU time a process has used so far."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---- payloads ------------------------------------------------------------------------------
def method_call(method, *values):
    params = b"".join(b"<param><value>" + v + b"</value></param>" for v in values)
    return (b'<?xml version="1.0"?>\n<methodCall><methodName>' + method.encode() +
            b"</methodName><params>" + params + b"</params></methodCall>")


def quadratic_blowup():
    """One 100 KB entity referenced 20,000 times: 2 GB if a parser expanded it."""
    return (b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "' + b"a" * 100000 + b'">]>' +
            method_call("system.methodHelp", b"<string>" + b"&a;" * 20000 + b"</string>")[21:])


def nested(depth, open_tag, close_tag, leaf=b"<int>1</int>"):
    return method_call("system.methodHelp", open_tag * depth + leaf + close_tag * depth)


def corpus_bodies():
    """(name, body) of every file of tests/security/corpus/, sorted by name."""
    for name in sorted(os.listdir(CORPUS)):
        with open(os.path.join(CORPUS, name), "rb") as f:
            yield os.path.splitext(name)[0], f.read()


# ---- raw HTTP -------------------------------------------------------------------------------
class Answer:
    def __init__(self, status=None, body=b"", seconds=0.0, note=""):
        self.status, self.body, self.seconds, self.note = status, body, seconds, note

    def fault_code(self):
        if self.status != 200 or b"<fault>" not in self.body:
            return None
        after = self.body.split(b"faultCode", 1)[1]
        digits = after.split(b"<int>", 1)[1] if b"<int>" in after else after.split(b"<i4>", 1)[1]
        return int(digits.split(b"<", 1)[0])

    def describe(self):
        if self.status is None:
            return self.note or "no answer"
        if self.fault_code() is not None:
            return "fault %d" % self.fault_code()
        return "HTTP %d%s" % (self.status, " (" + self.note + ")" if self.note else "")


def read_answer(sock, deadline):
    """Reads one HTTP response (head, then Content-Length bytes); (status, body) or (None, b"")."""
    data = b""
    while b"\r\n\r\n" not in data:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except (socket.timeout, ConnectionResetError):
            return None, b""
        if not chunk:
            return None, b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except (socket.timeout, ConnectionResetError):
            break
        if not chunk:
            break
        body += chunk
    return status, body


def exchange(process, request, body_tail=b""):
    """Sends `request` to `process` over the run's transport, then `body_tail` in 1 MiB pieces
    until an answer comes; returns the Answer, timed from connecting to its last byte."""
    begin = time.monotonic()
    deadline = begin + ANSWER_TIMEOUT_S
    with process.connect(ANSWER_TIMEOUT_S) as sock:
        note = ""
        try:
            sock.sendall(request)
            view = memoryview(body_tail)
            sent = 0
            while sent < len(view) and time.monotonic() < deadline:
                # Stop sending as soon as an answer is there: the server refused the body.
                readable, writable, _ = select.select([sock], [sock], [], 0.05)
                if readable:
                    break
                if writable:
                    sent += sock.send(view[sent:sent + (1 << 20)])
            if body_tail:
                note = "after %d of %d MB" % (sent >> 20, len(body_tail) >> 20)
        except (BrokenPipeError, ConnectionResetError):
            note = "server closed while we sent"
        status, body = read_answer(sock, deadline)
        return Answer(status, body, time.monotonic() - begin, note)


class Target:
    """How to address one running process: its port, token and a request builder."""

    def __init__(self, process):
        self.process = process
        self.port = process.port
        self.token = process.token

    def host_line(self):
        return self.process.host_header()

    def request(self, body, method="POST", path="/", host=None, content_type="text/xml",
                authorization=None, extra=(), content_length=None):
        lines = ["%s %s HTTP/1.1" % (method, path)]
        if host is not False:
            lines.append(host or self.host_line())
        if content_type:
            lines.append("Content-Type: " + content_type)
        if authorization is not False:
            lines.append("Authorization: " + (authorization or "Bearer " + self.token))
        lines.extend(extra)
        lines.append("Content-Length: %d" % (len(body) if content_length is None else content_length))
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    def normal_call_works(self):
        with self.process.proxy(path="/", timeout=ANSWER_TIMEOUT_S) as proxy:
            return "system.listMethods" in proxy.system.listMethods()


# ---- the cases -------------------------------------------------------------------------------
# Each case: (name, build(target) -> (request bytes, body tail), expected). `expected` is an
# HTTP status, "fault" (any fault in a 200 answer), a fault code or "answered" (200, no fault).
def http_cases(old_token):
    call = method_call("system.listMethods")
    cases = []
    for method in ("GET", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"):
        cases.append(("method " + method, lambda t, m=method: (t.request(call, method=m), b""), 405))
    cases += [
        ("method CONNECT", lambda t: (t.request(call, method="CONNECT", path="127.0.0.1:443"), b""), 405),
        ("no Host", lambda t: (t.request(call, host=False), b""), 403),
        ("Host evil.example", lambda t: (t.request(call, host="Host: evil.example:%d" % t.port), b""), 403),
        ("Host 0177.0.0.1", lambda t: (t.request(call, host="Host: 0177.0.0.1:%d" % t.port), b""), 403),
        ("Host evil.example, no port", lambda t: (t.request(call, host="Host: evil.example"), b""), 403),
        ("Host with another port", lambda t: (t.request(call, host="Host: 127.0.0.1:1"), b""), 403),
        ("Host localhost with another port", lambda t: (t.request(call, host="Host: localhost:1"), b""), 403),
        # What the rule accepts, on either transport: a socket has no port of its own, so the
        # server's TCP port or none (what HTTP-over-socket clients send) is the only one named.
        ("Host 127.0.0.1:PORT (accepted)", lambda t: (t.request(call, host="Host: 127.0.0.1:%d" % t.port), b""), "answered"),
        ("Host localhost:PORT (accepted)", lambda t: (t.request(call, host="Host: localhost:%d" % t.port), b""), "answered"),
        ("Host [::1]:PORT (accepted)", lambda t: (t.request(call, host="Host: [::1]:%d" % t.port), b""), "answered"),
        ("Host localhost, no port (accepted)", lambda t: (t.request(call, host="Host: localhost"), b""), "answered"),
        ("two Host fields", lambda t: (t.request(call, extra=["Host: localhost"]), b""), 400),
        ("Origin", lambda t: (t.request(call, extra=["Origin: http://evil.example"]), b""), 403),
        ("Origin: null", lambda t: (t.request(call, extra=["Origin: null"]), b""), 403),
        ("Sec-Fetch-Site", lambda t: (t.request(call, extra=["Sec-Fetch-Site: cross-site"]), b""), 403),
        ("Sec-Fetch-Mode", lambda t: (t.request(call, extra=["Sec-Fetch-Mode: no-cors"]), b""), 403),
        ("text/plain body", lambda t: (t.request(call, content_type="text/plain"), b""), 415),
        ("form body", lambda t: (t.request(b"a=" + call, content_type="application/x-www-form-urlencoded"), b""), 415),
        ("multipart body", lambda t: (t.request(call, content_type="multipart/form-data; boundary=x"), b""), 415),
        ("no Content-Type", lambda t: (t.request(call, content_type=None), b""), 415),
        ("gzip body", lambda t: (t.request(call, extra=["Content-Encoding: gzip"]), b""), 415),
        ("no token", lambda t: (t.request(call, authorization=False), b""), 401),
        ("wrong token", lambda t: (t.request(call, authorization="Bearer " + "0" * 64), b""), 401),
        ("old token (previous run)", lambda t: (t.request(call, authorization="Bearer " + old_token), b""), 401),
        ("token prefix", lambda t: (t.request(call, authorization="Bearer " + t.token[:32]), b""), 401),
        ("Basic, wrong password", lambda t: (t.request(call, authorization="Basic " + base64.b64encode(b"any:nope").decode()), b""), 401),
        ("Basic, token as user name", lambda t: (t.request(call, authorization="Basic " + base64.b64encode((t.token + ":").encode()).decode()), b""), 401),
        ("chunked body", lambda t: (t.request(call, extra=["Transfer-Encoding: chunked"]), b""), 411),
        ("no Content-Length", lambda t: (t.request(call).replace(b"Content-Length: %d\r\n" % len(call), b""), b""), 411),
        ("negative Content-Length", lambda t: (t.request(call, content_length=-1), b""), 400),
        ("two Content-Lengths", lambda t: (t.request(call, extra=["Content-Length: 5"]), b""), 400),
        ("Content-Length 10^17, tiny body", lambda t: (t.request(b"<x/>", content_length=10 ** 17), b""), 413),
        ("Content-Length 10^19 (overflows 64 bits)", lambda t: (t.request(b"<x/>", content_length=10 ** 19), b""), 400),
        ("100 MB string (over the 64 MiB cap)", lambda t: big_string(t, 100 * 1024 * 1024), 413),
        ("unknown path", lambda t: (t.request(call, path="/evil"), b""), 404),
        ("20 KB of headers", lambda t: (t.request(call, extra=["X-Pad: " + "a" * 20000]), b""), 431),
        ("folded header", lambda t: (t.request(call, extra=["X-A: 1", " folded"]), b""), 400),
        ("HTTP/2.0 version", lambda t: (t.request(call).replace(b"HTTP/1.1", b"HTTP/2.0", 1), b""), 400),
    ]
    return cases


def big_string(target, size):
    """A call whose one string is `size` bytes: the head and the start, then the rest as tail."""
    start = b'<?xml version="1.0"?><methodCall><methodName>system.methodHelp</methodName><params><param><value><string>'
    end = b"</string></value></param></params></methodCall>"
    length = len(start) + size + len(end)
    request = target.request(start, content_length=length)
    return request, b"a" * size + end


def xml_cases():
    cases = [(name, lambda t, b=body: (t.request(b), b""), "fault") for name, body in corpus_bodies()]
    cases += [
        ("quadratic blowup (generated)", lambda t: (t.request(quadratic_blowup()), b""), -32700),
        ("10,000-deep arrays (generated)", lambda t: (t.request(nested(10000, b"<array><data><value>", b"</value></data></array>")), b""), -32700),
        ("10,000-deep structs (generated)", lambda t: (t.request(nested(10000, b"<struct><member><name>m</name><value>", b"</value></member></struct>")), b""), -32700),
        ("wrong type: methodHelp(42)", lambda t: (t.request(method_call("system.methodHelp", b"<int>42</int>")), b""), -32602),
        ("wrong type: methodSignature([])", lambda t: (t.request(method_call("system.methodSignature", b"<array><data/></array>")), b""), -32602),
        ("wrong arity: listMethods(1)", lambda t: (t.request(method_call("system.listMethods", b"<int>1</int>")), b""), -32602),
    ]
    return cases


class HostileProcessesTest(unittest.TestCase):
    def run_corpus(self, kind):
        if ONLY not in (None, kind):
            self.skipTest("--only " + ONLY)
        if not os.path.exists(os.path.join(BIN, PROCESSES[kind][0])):
            self.skipTest(PROCESSES[kind][0] + " is not built")
        runtime_dir = os.environ.get("HOSTBRIDGE_RUNTIME_DIR") or tempfile.mkdtemp(prefix="hb-hostile-")
        runtime_dir = os.path.join(runtime_dir, kind)
        os.makedirs(runtime_dir, exist_ok=True)
        # The token of a previous run of the same program must not open this one.
        previous = start(kind, runtime_dir)
        previous_token = previous.token
        previous.terminate()
        previous.kill()  # closes its pipes
        process = start(kind, runtime_dir)
        self.addCleanup(process.kill)
        target = Target(process)
        self.assertTrue(target.normal_call_works())
        hwm_before, rss_before = hostbridge_process.memory_kb(process.pid)
        cpu_before = cpu_seconds(process.pid)

        rows = []
        slow_body = self.lying_length_holds_nothing(target)
        try:
            for name, build, expected in http_cases(previous_token) + xml_cases():
                with self.subTest(process=kind, case=name):
                    request, tail = build(target)
                    answer = exchange(process, request, tail)
                    rows.append((name, answer))
                    if expected == "answered":
                        self.assertEqual((answer.status, answer.fault_code()), (200, None),
                                         "%s: %s %r" % (name, answer.describe(), answer.body[:300]))
                    elif expected == "fault":
                        self.assertIsNotNone(answer.fault_code(), "%s: %s %r" % (name, answer.describe(), answer.body[:300]))
                    elif expected < 0:
                        self.assertEqual(answer.fault_code(), expected, "%s: %r" % (name, answer.body[:300]))
                    else:
                        self.assertEqual(answer.status, expected, "%s: %s" % (name, answer.describe()))
                    self.assertLess(answer.seconds, FAST_S, name)
                    if process.proc.poll() is None:
                        self.assertTrue(target.normal_call_works(), "no normal call after " + name)
                if process.proc.poll() is not None:
                    self.fail("%s killed %s (exit status %s): %s" % (name, PROCESSES[kind][0], process.proc.poll(),
                                                                    process.stderr_text()[-2000:]))
            hwm_after, rss_after = hostbridge_process.memory_kb(process.pid)
            cpu = cpu_seconds(process.pid) - cpu_before
        finally:
            print("\n%s (pid %d) over %s: %d inputs" % (PROCESSES[kind][0], process.pid, where(process), len(rows)))
            print("  %-44s %-30s %s" % ("input", "answer", "time"))
            for name, answer in rows:
                print("  %-44s %-30s %.1f ms" % (name, answer.describe(), answer.seconds * 1000))
            print("  %-44s %-30s %.1f s" % slow_body)
        print("  VmHWM %d -> %d KiB (+%d), VmRSS %d -> %d KiB; slowest answer %.1f ms; "
              "CPU for all of it %.2f s"
              % (hwm_before, hwm_after, hwm_after - hwm_before, rss_before, rss_after,
                 max(a.seconds for _, a in rows) * 1000, cpu))
        self.assertLess(hwm_after - hwm_before, HWM_GROWTH_LIMIT_KB)

    def lying_length_holds_nothing(self, target):
        """A head declaring 60,000,000 body bytes (under the cap) followed by 10: the server
        waits for the rest (its body timeout is 60 s) but reserves no memory for it, and other
        peers are served meanwhile. Returns a table row."""
        rss_before = hostbridge_process.memory_kb(target.process.pid)[1]
        begin = time.monotonic()
        with target.process.connect(ANSWER_TIMEOUT_S) as sock:
            sock.sendall(target.request(b"<methodCall", content_length=60000000))
            sock.settimeout(1.0)
            with self.assertRaises(socket.timeout, msg="the server answered a body it has not received"):
                sock.recv(1)
            self.assertTrue(target.normal_call_works(), "a waiting body blocked other peers")
            grown = hostbridge_process.memory_kb(target.process.pid)[1] - rss_before
            self.assertLess(grown, 16 * 1024, "memory was reserved from a declared length")
        return ("Content-Length 60,000,000, 10-byte body",
                "waits, +%d KiB RSS" % grown, time.monotonic() - begin)

    def test_hello_host(self):
        self.run_corpus("hello")

    def test_demo_host(self):
        self.run_corpus("demo")

    def test_ui(self):
        self.run_corpus("ui")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="the folder holding the HostBridge programs")
    parser.add_argument("--only", choices=sorted(PROCESSES), help="one process instead of all three")
    args, rest = parser.parse_known_args()
    BIN, ONLY = args.bin, args.only
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
