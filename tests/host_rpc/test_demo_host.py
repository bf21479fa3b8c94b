#!/usr/bin/env python3
"""Python's stdlib xmlrpc.client driving the real hostbridge-demo-host, as a pipeline script would.

    test_demo_host.py --bin BUILD/bin [unittest options]

Starts the host with --main-thread-timeout 500, reads Port: from its stdout and the token from
its connection file, calls scene.ls / rename / select, then blocks the host's main loop with
scene.block(3000) and checks that ping still answers and that a main-thread call gets the
Busy fault (and never runs later). Ends with SIGTERM: exit 0 and the file removed.

Uses $HOSTBRIDGE_RUNTIME_DIR (CTest gives this test its own), else a temporary directory.
Standard library only. Every call has a socket timeout, every wait is bounded, and the host
is killed in tearDown if it is still running.
"""

import argparse
import os
import signal
import sys
import tempfile
import threading
import time
import unittest
import xmlrpc.client

import hostbridge_process
from hostbridge_process import TimeoutTransport  # noqa: F401  (used by the scripts that import this one)

CALL_TIMEOUT_S = 15   # one call; calls normally take milliseconds
START_TIMEOUT_S = 10  # until the host prints Port:NNNN
STOP_TIMEOUT_S = 10   # until the host exits after SIGTERM
HOST_BUSY = -32001
NO_SUCH_NODE, NAME_TAKEN = 1, 2

HOST_BIN = None
RUNTIME_DIR = None


class DemoHost(hostbridge_process.ServerProcess):
    """A hostbridge-demo-host on a port the system chose, serving once constructed.

    Without ui=True it runs with --no-ui: tests never touch the UI port 9090."""

    def __init__(self, *args, ui=False, env_extra=None):
        if not ui:
            args = ("--no-ui",) + tuple(args)
        super().__init__([HOST_BIN, *args], RUNTIME_DIR, env=env_extra,
                         start_timeout=START_TIMEOUT_S, stop_timeout=STOP_TIMEOUT_S)

    log = hostbridge_process.ServerProcess.stderr_text


def fault_code(call):
    """Runs call(); returns the fault code, or None when it succeeded."""
    try:
        call()
    except xmlrpc.client.Fault as fault:
        return fault.faultCode
    return None


class DemoHostTest(unittest.TestCase):
    def setUp(self):
        self.host = DemoHost("--main-thread-timeout", "500")

    def tearDown(self):
        self.host.kill()

    def names(self, proxy):
        return [node["name"] for node in proxy.scene.ls()]

    def test_scene_functions_busy_main_thread_and_clean_exit(self):
        host = self.host
        self.assertEqual(host.info["kind"], "host")
        self.assertEqual(host.info["port"], host.port)
        proxy = host.proxy()

        # Introspection lists the one-line functions with their help.
        methods = proxy.system.listMethods()
        for name in ("ping", "scene.ls", "scene.select", "scene.rename", "scene.block"):
            self.assertIn(name, methods)
        self.assertIn("renames a node", proxy.system.methodHelp("scene.rename"))

        # scene.ls: about a dozen nodes across the five families.
        nodes = proxy.scene.ls()
        self.assertGreaterEqual(len(nodes), 10)
        self.assertEqual({n["family"] for n in nodes}, {"model", "rig", "camera", "look", "animation"})
        self.assertTrue(all(set(n) >= {"name", "family"} for n in nodes))

        # scene.rename, with its faults.
        self.assertEqual(proxy.scene.rename("hero_GEO", "heroine_GEO"), "heroine_GEO")
        self.assertIn("heroine_GEO", self.names(proxy))
        self.assertNotIn("hero_GEO", self.names(proxy))
        self.assertEqual(fault_code(lambda: proxy.scene.rename("nobody", "x")), NO_SUCH_NODE)
        self.assertEqual(fault_code(lambda: proxy.scene.rename("heroine_GEO", "hero_RIG")), NAME_TAKEN)

        # scene.select: exactly these, in scene order; an unknown name changes nothing.
        self.assertEqual(proxy.scene.select(["shot_CAM", "heroine_GEO"]), ["heroine_GEO", "shot_CAM"])
        selected = [n["name"] for n in proxy.scene.ls() if n["selected"]]
        self.assertEqual(selected, ["heroine_GEO", "shot_CAM"])
        self.assertEqual(fault_code(lambda: proxy.scene.select(["shot_CAM", "nobody"])), NO_SUCH_NODE)
        self.assertEqual([n["name"] for n in proxy.scene.ls() if n["selected"]], selected)

        # Block the main loop for 3 s from another thread (its own connection).
        blocker_result = {}

        def block():
            try:
                blocker_result["value"] = host.proxy().scene.block(3000)
            except Exception as e:  # reported by the assertions below
                blocker_result["error"] = repr(e)

        blocker = threading.Thread(target=block, daemon=True)
        blocker.start()

        # A main-thread call while the loop is blocked gets Busy at the 500 ms deadline.
        # We cannot see when block() reaches the main loop, so retry (bounded) until a rename
        # comes back busy; one that succeeded before the block started is renamed back.
        busy_proxy = host.proxy()
        current, other = "shot_CAM", "shotA_CAM"
        busy_elapsed = None
        for _ in range(40):
            if not blocker.is_alive():
                break
            start = time.monotonic()
            code = fault_code(lambda: busy_proxy.scene.rename(current, other))
            elapsed = time.monotonic() - start
            if code == HOST_BUSY:
                busy_elapsed = elapsed
                break
            self.assertIsNone(code)
            current, other = other, current
            time.sleep(0.05)
        self.assertIsNotNone(busy_elapsed, "no Busy fault while the main loop was blocked")
        self.assertGreaterEqual(busy_elapsed, 0.45)  # at its deadline, not before (small clock slack)

        # ping answers while the main loop is still blocked (the block has >= 2 s left after
        # the busy fault above, which proves it was blocked then).
        start = time.monotonic()
        self.assertIn("message", proxy.ping())
        ping_elapsed = time.monotonic() - start
        self.assertTrue(blocker.is_alive(), "scene.block ended before ping answered")
        self.assertLess(ping_elapsed, 1.0)  # sanity bound; it never waits on the main loop

        blocker.join(timeout=CALL_TIMEOUT_S)
        self.assertFalse(blocker.is_alive())
        self.assertEqual(blocker_result, {"value": 3000})
        # The rename that got Busy never ran later.
        names = self.names(proxy)
        self.assertIn(current, names)
        self.assertNotIn(other, names)

        # SIGTERM: exit 0, connection file removed.
        self.assertTrue(os.path.exists(host.file))
        self.assertEqual(host.terminate(), 0, host.log())
        self.assertFalse(os.path.exists(host.file))

    def test_sigint_also_exits_cleanly(self):
        host = self.host
        self.assertIn("message", host.proxy().ping())
        host.proc.send_signal(signal.SIGINT)
        self.assertEqual(host.proc.wait(timeout=STOP_TIMEOUT_S), 0, host.log())
        self.assertFalse(os.path.exists(host.file))


def configure():
    """Reads --bin and sets HOST_BIN and RUNTIME_DIR; returns the other (unittest) arguments.
    test_demo_publishing.py and test_demo_host_ui.py, which import this module, call it too."""
    global HOST_BIN, RUNTIME_DIR
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="the folder holding hostbridge-demo-host")
    args, rest = parser.parse_known_args()
    HOST_BIN = os.path.join(args.bin, "hostbridge-demo-host")
    RUNTIME_DIR = os.environ.get("HOSTBRIDGE_RUNTIME_DIR") or tempfile.mkdtemp(prefix="hostbridge-test-")
    os.makedirs(RUNTIME_DIR, mode=0o700, exist_ok=True)
    return rest


def main():
    unittest.main(argv=[sys.argv[0]] + configure(), verbosity=2)


if __name__ == "__main__":
    main()
