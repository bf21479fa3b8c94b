#!/usr/bin/env python3
"""Slow peers (check 9 of docs/security.md) against the real programs: hostbridge-hello-host and
hostbridge-ui (offscreen), each on --port 0, each with 50 connections trickling a valid request
one byte every 100 ms, all at once.

While they trickle, a normal call to each program completes in under 1 s (tried several times);
every trickling connection is closed by the server's header timeout (10 s from accept: the
programs do not make it configurable, so the test waits for it), none before it, each with a
408 answer, and none of the trickled requests is answered as a call. The close times are printed.

Over TCP, or with HOSTBRIDGE_TEST_TRANSPORT=unix (CTest security_slow_peers_processes_unix) over
the Unix socket each program names in its connection file: the tricklers and the normal calls
alike. tst_slow_peers proves the same on an in-process Server with short timeouts; this proves it
on the programs users run, with their own Server wiring and defaults. Standard library only.
"""

import collections
import os
import select
import statistics
import tempfile
import time
import unittest

import hostbridge_process

SLOW_PEERS = 50
TRICKLE_S = 0.1
HEADER_TIMEOUT_S = 10.0   # ServerOptions::headerTimeout's default, which neither program changes
CLOSE_BOUND_S = 20.0      # every trickler must be closed by then (timeout plus slack for a loaded machine)
NORMAL_CALL_S = 1.0
START_TIMEOUT_S = 20      # the UI loads QML before it prints Port:
BIN = None


class Trickler:
    """One connection sending `request` a byte at a time."""

    def __init__(self, process, request):
        self.request = request
        self.sent = 0
        self.opened = time.monotonic()
        self.sock = process.connect(timeout=5)
        self.sock.setblocking(False)
        self.closed_after = None
        self.answer = b""

    def step(self, now):
        """Sends the next byte, then reads whatever the server sent; notes when it closed."""
        if self.closed_after is not None:
            return
        try:
            if self.sent < len(self.request):
                self.sent += self.sock.send(self.request[self.sent:self.sent + 1])
        except (BrokenPipeError, ConnectionResetError):
            # A Unix socket refuses the send as soon as the server has closed; what the server
            # sent before closing (its 408) is still there to read.
            self.poll(now)
            if self.closed_after is None:
                self.close(now)
            return
        self.poll(now)

    def poll(self, now):
        if self.closed_after is not None:
            return
        try:
            while select.select([self.sock], [], [], 0)[0]:
                chunk = self.sock.recv(4096)
                if not chunk:
                    self.close(now)
                    return
                self.answer += chunk
        except ConnectionResetError:
            self.close(now)

    def close(self, now):
        self.closed_after = now - self.opened
        self.sock.close()


def request_for(process):
    body = (b'<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName>'
            b"<params></params></methodCall>")
    head = ("POST /RPC2 HTTP/1.1\r\n%s\r\nContent-Type: text/xml\r\n"
            "Authorization: Bearer %s\r\nContent-Length: %d\r\n\r\n" % (process.host_header(), process.token, len(body)))
    return head.encode() + body


class SlowPeersProcesses(unittest.TestCase):
    def setUp(self):
        runtime = os.environ.get("HOSTBRIDGE_RUNTIME_DIR") or tempfile.mkdtemp(prefix="hb-slow-")
        os.makedirs(runtime, exist_ok=True)
        self.processes = {
            "hostbridge-hello-host": hostbridge_process.ServerProcess(
                [os.path.join(BIN, "hostbridge-hello-host"), "--port", "0"], runtime, start_timeout=START_TIMEOUT_S),
            "hostbridge-ui": hostbridge_process.ServerProcess(
                [os.path.join(BIN, "hostbridge-ui"), "--port", "0"], runtime, connection_file="ui-{port}.json",
                env={"QT_QPA_PLATFORM": "offscreen"}, start_timeout=START_TIMEOUT_S),
        }

    def tearDown(self):
        for process in self.processes.values():
            process.terminate()
            process.kill()

    def normal_calls(self):
        """Seconds a normal call took on each program, on a fresh connection."""
        took = {}
        for name, process in self.processes.items():
            started = time.monotonic()
            with process.proxy(path="/", timeout=5) as proxy:
                self.assertIn("system.listMethods", proxy.system.listMethods())
            took[name] = time.monotonic() - started
        return took

    def test_trickling_connections_are_closed_and_never_delay_a_normal_call(self):
        trickling = {name: [Trickler(p, request_for(p)) for _ in range(SLOW_PEERS)]
                     for name, p in self.processes.items()}
        everyone = [t for group in trickling.values() for t in group]
        # Slower than the header timeout allows: the head alone takes longer than 10 s at this rate.
        self.assertGreater(len(everyone[0].request) * TRICKLE_S, HEADER_TIMEOUT_S * 1.5)
        call_times = {name: [] for name in self.processes}
        started = time.monotonic()
        next_call = started + 0.5  # a normal call after half a second, then every 3 s
        while time.monotonic() - started < CLOSE_BOUND_S and any(t.closed_after is None for t in everyone):
            now = time.monotonic()
            for t in everyone:
                t.step(now)
            if now >= next_call:
                open_now = sum(t.closed_after is None for t in everyone)
                for name, took in self.normal_calls().items():
                    call_times[name].append((took, open_now))
                next_call += 3.0
            time.sleep(TRICKLE_S)

        for name, group in trickling.items():
            with self.subTest(program=name):
                closed = [t.closed_after for t in group if t.closed_after is not None]
                calls = call_times[name]
                print("\n%s over %s: %d connections trickling 1 byte / %d ms; normal calls took %s ms (with %s trickling); "
                      "trickling ones closed after %.1f / %.1f / %.1f s (min / median / max), %d of %d closed, "
                      "answered %s"
                      % (name, hostbridge_process.TRANSPORT, SLOW_PEERS, TRICKLE_S * 1000, ", ".join("%.0f" % (c * 1000) for c, _ in calls),
                         "/".join(str(n) for _, n in calls),
                         min(closed, default=0), statistics.median(closed) if closed else 0, max(closed, default=0),
                         len(closed), len(group),
                         dict(collections.Counter(t.answer.split(b"\r\n", 1)[0].decode() or "nothing" for t in group))))
                self.assertTrue(calls and calls[0][1] == 2 * SLOW_PEERS, "no normal call while all of them trickled")
                for took, _ in calls:
                    self.assertLess(took, NORMAL_CALL_S)
                self.assertEqual(len(closed), SLOW_PEERS, "trickling connections left open")
                # Closed by the header timeout, not at once (nor by a cap: 50 is far under 256).
                self.assertGreaterEqual(min(closed), HEADER_TIMEOUT_S - 1.0)
                for t in group:  # answered with the timeout's error, never as a call
                    self.assertTrue(t.answer.startswith(b"HTTP/1.1 408 "), t.answer[:200])
                    self.assertNotIn(b"<methodResponse>", t.answer)
                    self.assertLess(t.sent, len(t.request))
        for name, process in self.processes.items():
            self.assertIsNone(process.proc.poll(), name + " died")
        self.assertTrue(all(took < NORMAL_CALL_S for took in self.normal_calls().values()))


def set_bin(path):
    global BIN
    BIN = path


if __name__ == "__main__":
    hostbridge_process.main_with_bin(set_bin)
