#!/usr/bin/env python3
"""examples/minimal_host as built in the tree (build/bin/hostbridge-minimal-host): it serves
its two functions, the second on its main loop, announces its port, writes its connection
file, and stops cleanly on SIGINT and on SIGTERM, removing the file. hostbridge-call plays the
user. (tests/package builds the same example out of the tree against an installed HostBridge.)

    test_minimal_host.py --bin BUILD/bin [unittest options]
"""

import os
import signal
import subprocess
import tempfile
import unittest

import hostbridge_process

CALL_TIMEOUT_S = 15
BIN_DIR = None
RUNTIME_DIR = os.environ.get("HOSTBRIDGE_RUNTIME_DIR") or tempfile.mkdtemp(prefix="hostbridge-minimal-")


class MinimalHostTest(unittest.TestCase):
    def setUp(self):
        self.host = hostbridge_process.ServerProcess([os.path.join(BIN_DIR, "hostbridge-minimal-host")], RUNTIME_DIR)

    def tearDown(self):
        self.host.kill()

    def call(self, *args):
        env = dict(os.environ, HOSTBRIDGE_RUNTIME_DIR=RUNTIME_DIR)
        env.pop("HOSTBRIDGE_TOKEN", None)
        result = subprocess.run([os.path.join(BIN_DIR, "hostbridge-call"), "--connection", self.host.file, *args],
                                capture_output=True, text=True, timeout=CALL_TIMEOUT_S, env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.strip()

    def stops_on(self, signum):
        self.assertEqual(self.call("greet", "Ada"), '"hello, Ada"')
        self.assertEqual(self.call("counter.add", "5"), "5")
        self.assertEqual(self.call("counter.add", "-2"), "3")  # the main loop keeps its state
        self.host.proc.send_signal(signum)
        self.assertEqual(self.host.wait(), 0)
        self.assertFalse(os.path.exists(self.host.file), "the connection file outlived the host")

    def test_serves_and_stops_on_sigint(self):
        self.stops_on(signal.SIGINT)

    def test_serves_and_stops_on_sigterm(self):
        self.stops_on(signal.SIGTERM)


def set_bin(path):
    global BIN_DIR
    BIN_DIR = path


if __name__ == "__main__":
    hostbridge_process.main_with_bin(set_bin)
