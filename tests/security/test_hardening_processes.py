#!/usr/bin/env python3
"""Hardening, second round (issue 18), against the real programs:

    test_hardening_processes.py --bin BUILD/bin [unittest options]

- the UI's show settings: INT_MIN past the position check; a huge WindowSize and a
  multi-megabyte title fitted to the screen and cut, and said so in the UI's log;
- the server's memory budget: a large request that would pass it gets 503 unread, as do large
  requests while answers nobody reads wait to be sent; small calls go on;
- an oversize body sent by Python's xmlrpc.client: the client reads the 413 (lingering close);
- the connection limit: with every slot held by an idle keep-alive client, a new caller is
  served (the longest-idle connection is closed for it); with every slot busy, it gets 503;
- strict heads: duplicate Authorization / Content-Type, control bytes, too many fields, bare
  LF line ends, and 401 before 404/405.

Each prints what it tried and what came back, with peak memory (VmHWM) where memory is the
point. Over TCP, or with HOSTBRIDGE_TEST_TRANSPORT=unix (CTest security_hardening_processes_unix)
over the Unix socket each program names in its connection file; the checks are the same on both
(at the connection limit a caller waits in the socket's listen backlog as in the port's).
Standard library only.
"""

import os
import socket
import tempfile
import time
import unittest
import xmlrpc.client

import hostbridge_process  # noqa: E402
from hostbridge_process import ServerProcess, memory_kb, wait_for  # noqa: E402

BIN = None
MIB = 1024 * 1024
ANSWER_TIMEOUT_S = 10


def read_status(sock, timeout):
    """The status code of the answer on `sock` and its first bytes, or (None, b"") when the
    connection closed or reset first or nothing came within `timeout`."""
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    if not data.startswith(b"HTTP/1."):
        return None, data
    return int(data.split(b" ", 2)[1]), data


class Target:
    def __init__(self, process):
        self.process = process
        self.port = process.port
        self.token = process.token

    def head(self, length, method="POST", path="/RPC2", token=True, extra=(), keep_alive=True):
        lines = ["%s %s HTTP/1.1" % (method, path), self.process.host_header(), "Content-Type: text/xml"]
        if token:
            lines.append("Authorization: Bearer " + self.token)
        if not keep_alive:
            lines.append("Connection: close")
        lines.extend(extra)
        lines.append("Content-Length: %d" % length)
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    def connect(self, rcvbuf=None):
        return self.process.connect(ANSWER_TIMEOUT_S, rcvbuf)

    def normal_call_works(self):
        with self.process.proxy(timeout=ANSWER_TIMEOUT_S) as proxy:
            return proxy.add(2, 3) == 5


def call_xml(method, *params):
    return xmlrpc.client.dumps(tuple(params), method).encode()


class HardeningTest(unittest.TestCase):
    def setUp(self):
        base = os.environ.get("HOSTBRIDGE_RUNTIME_DIR")
        if base:
            os.makedirs(base, mode=0o700, exist_ok=True)
        self.runtime = tempfile.mkdtemp(prefix="hb-harden-", dir=base)
        self.sockets = []
        self.addCleanup(self.close_sockets)

    def close_sockets(self):
        for sock in self.sockets:
            sock.close()

    def start(self, program, *args, **kwargs):
        process = ServerProcess([os.path.join(BIN, program), *args], self.runtime, start_timeout=20, **kwargs)
        self.addCleanup(process.kill)
        return process

    def hello(self):
        return Target(self.start("hostbridge-hello-host", "--port", "0"))

    # ---- 2 and 5: the UI's show settings -------------------------------------------------
    def test_show_settings_are_checked_fitted_and_cut(self):
        shot = os.path.join(self.runtime, "shown.png")
        ui = self.start("hostbridge-ui", "--port", "0", "--screenshot", shot, connection_file="ui-{port}.json",
                        env={"QT_QPA_PLATFORM": "offscreen"})
        proxy = ui.proxy(path="/")
        self.addCleanup(proxy("close"))
        for position in ([-2 ** 31, 0], [0, -2 ** 31]):
            with self.assertRaises(xmlrpc.client.Fault, msg="WindowPosition %r was accepted" % position) as raised:
                proxy.show(9001, {"WindowPosition": position})
            self.assertEqual(raised.exception.faultCode, -32602)
            self.assertIn("WindowPosition", raised.exception.faultString)
        hwm_before = memory_kb(ui.pid)[0]
        title = "T" * (4 * MIB)
        self.assertIs(proxy.show(9001, {"WindowSize": [16384, 16384], "WindowPosition": [65535, 65535],
                                        "WindowTitle": title, "ContextLabel": "L" * MIB}), True)
        self.assertTrue(wait_for(lambda: os.path.exists(shot) and os.path.getsize(shot) > 0, timeout=20))
        time.sleep(0.5)  # the screenshot is written once the window has rendered
        hwm_after = memory_kb(ui.pid)[0]
        log = wait_for(lambda: "reduced to" in ui.stderr_text() and ui.stderr_text(), timeout=5) or ui.stderr_text()
        changes = [line for line in log.splitlines() if "show from the host" in line]
        print("\nshow(9001, WindowSize 16384x16384, WindowPosition 65535,65535, a 4 MiB title, a 1 MiB label): "
              "VmHWM %d -> %d KiB (+%d); the UI's log:\n  %s"
              % (hwm_before, hwm_after, hwm_after - hwm_before, "\n  ".join(changes)))
        self.assertTrue(any("WindowSize 16384x16384 reduced to" in line for line in changes), log[-2000:])
        self.assertTrue(any("WindowPosition 65535,65535 moved to" in line for line in changes), log[-2000:])
        self.assertTrue(any("WindowTitle of 4194304 bytes cut" in line for line in changes), log[-2000:])
        self.assertTrue(any("ContextLabel of 1048576 bytes cut" in line for line in changes), log[-2000:])
        self.assertLess(hwm_after - hwm_before, 256 * 1024)
        self.assertIn("message", proxy.ping())

    # ---- 3 and 4: the memory budget ------------------------------------------------------
    def test_a_request_past_the_budget_gets_503_unread(self):
        target = self.hello()
        # 60 MiB declared holds 240 MiB of the 256 MiB budget while its body arrives.
        holder = target.connect()
        self.sockets.append(holder)
        holder.sendall(target.head(60 * MIB) + b"<?xml version='1.0'?>")
        time.sleep(0.3)
        begin = time.monotonic()
        other = target.connect()
        self.sockets.append(other)
        other.sendall(target.head(20 * MIB))
        status, data = read_status(other, 3)
        print("\nwhile a 60 MiB body arrives, another head declaring 20 MiB: %s in %.0f ms: %r"
              % (status, (time.monotonic() - begin) * 1000, data.split(b"\r\n\r\n", 1)[-1][:200]))
        self.assertEqual(status, 503)
        self.assertIn(b"MiB", data)
        self.assertTrue(target.normal_call_works(), "a small call was refused")

    def test_answers_nobody_reads_count_against_the_budget(self):
        target = self.hello()
        hwm_before = memory_kb(target.process.pid)[0]
        body = call_xml("echo", "a" * (30 * MIB))
        outcomes = []
        refused = None
        for _ in range(6):
            sock = target.connect(rcvbuf=4096)  # reads nothing: the answer waits in the server
            self.sockets.append(sock)
            sock.sendall(target.head(len(body)))
            sent = 0
            try:
                while sent < len(body):
                    sent += sock.send(body[sent:sent + MIB])
            except (BrokenPipeError, ConnectionResetError):
                pass
            # The server has answered (or refused) once the first bytes of it are readable.
            sock.settimeout(ANSWER_TIMEOUT_S)
            first = sock.recv(512)
            outcomes.append(first.split(b"\r\n", 1)[0].decode(errors="replace"))
            if b" 503 " in first.split(b"\r\n", 1)[0]:
                refused = first
                break
        hwm_after = memory_kb(target.process.pid)[0]
        print("\necho(30 MiB string) by clients that never read the answer: %s; VmHWM %d -> %d KiB (+%d)"
              % (outcomes, hwm_before, hwm_after, hwm_after - hwm_before))
        self.assertIsNotNone(refused, "no large call was refused while answers waited: %s" % outcomes)
        self.assertTrue(target.normal_call_works(), "a small call was refused")
        self.assertLess(hwm_after - hwm_before, 400 * 1024)

    # ---- 6: an oversize body from a stock client -----------------------------------------
    def test_python_client_reads_the_413_of_an_oversize_body(self):
        target = self.hello()
        begin = time.monotonic()
        with self.assertRaises(xmlrpc.client.ProtocolError) as raised:
            with target.process.proxy(timeout=ANSWER_TIMEOUT_S) as proxy:
                proxy.echo("a" * (70 * MIB))  # the cap is 64 MiB
        print("\nxmlrpc.client echo(70 MiB string): %s %s after %.2f s"
              % (raised.exception.errcode, raised.exception.errmsg, time.monotonic() - begin))
        self.assertEqual(raised.exception.errcode, 413)
        self.assertTrue(target.normal_call_works())

    # ---- 7: the connection limit ----------------------------------------------------------
    def test_idle_keep_alive_clients_make_room_for_a_new_caller(self):
        target = self.hello()
        body = call_xml("add", 1, 2)
        idle = []
        for _ in range(256):
            sock = target.connect()
            sock.sendall(target.head(len(body)) + body)
            status, _ = read_status(sock, ANSWER_TIMEOUT_S)
            self.assertEqual(status, 200)
            idle.append(sock)
            self.sockets.append(sock)
            if len(idle) == 1:
                time.sleep(0.2)  # clearly the longest idle, however the server's threads are scheduled
        begin = time.monotonic()
        self.assertTrue(target.normal_call_works())  # before: a 503 "too many connections" or a reset
        print("\n256 idle keep-alive clients, then xmlrpc.client add(2, 3): answered in %.0f ms"
              % ((time.monotonic() - begin) * 1000))
        closed = []
        for index, sock in enumerate(idle):
            sock.settimeout(0.01 if closed else 2)
            try:
                while True:  # what is left of its answer, then the end
                    if sock.recv(65536) == b"":
                        closed.append(index)
                        break
            except (socket.timeout, ConnectionResetError):
                pass
        print("closed for it: connection(s) %s of 256" % closed)
        self.assertEqual(closed, [0], "not (only) the longest-idle connection was closed")

    def test_with_every_slot_busy_a_new_caller_gets_503(self):
        target = self.hello()
        for _ in range(256):  # each in the middle of a head: busy, not idle
            sock = target.connect()
            sock.sendall(b"POST /RPC2 HTTP/1.1\r\n")
            self.sockets.append(sock)
        time.sleep(0.2)
        begin = time.monotonic()
        with self.assertRaises(xmlrpc.client.ProtocolError) as raised:
            with target.process.proxy(timeout=ANSWER_TIMEOUT_S) as proxy:
                proxy.add(2, 3)
        print("\n256 busy connections, then xmlrpc.client add(2, 3): %s %s after %.0f ms"
              % (raised.exception.errcode, raised.exception.errmsg, (time.monotonic() - begin) * 1000))
        self.assertEqual(raised.exception.errcode, 503)

    # ---- 8: strict heads ------------------------------------------------------------------
    def test_strict_heads(self):
        target = self.hello()
        body = call_xml("add", 1, 2)
        n = len(body)
        auth = "Authorization: Bearer " + target.token
        many = ["X-F%d: 1" % i for i in range(101)]
        cases = [
            ("second Authorization", target.head(n, extra=[auth]) + body, 400),
            ("second Content-Type", target.head(n, extra=["Content-Type: text/plain"]) + body, 400),
            ("NUL in a header", target.head(n, extra=["X-A: a\0b"]) + body, 400),
            ("bare CR in a header", target.head(n, extra=["X-A: a\rb"]) + body, 400),
            ("control byte in a header", target.head(n, extra=["X-A: \x1b[31m"]) + body, 400),
            ("101 header fields", target.head(n, extra=many) + body, 431),
            ("bare LF line ends", target.head(n).replace(b"\r\n", b"\n") + body, 400),
            ("no token, unknown path", target.head(n, path="/evil", token=False) + body, 401),
            ("no token, GET", target.head(0, method="GET", token=False), 401),
            ("no token, GET unknown path", target.head(0, method="GET", path="/admin", token=False), 401),
        ]
        rows = []
        for name, request, expected in cases:
            with self.subTest(case=name):
                begin = time.monotonic()
                sock = target.connect()
                self.sockets.append(sock)
                sock.sendall(request.encode() if isinstance(request, str) else request)
                status, _ = read_status(sock, 3)
                seconds = time.monotonic() - begin
                rows.append((name, status, seconds))
                self.assertEqual(status, expected, name)
                self.assertLess(seconds, 1.0, name)
        print("\n" + "\n".join("  %-28s %s  %.1f ms" % (name, status, s * 1000) for name, status, s in rows))
        self.assertTrue(target.normal_call_works())


def set_bin(path):
    global BIN
    BIN = path


if __name__ == "__main__":
    hostbridge_process.main_with_bin(set_bin)
