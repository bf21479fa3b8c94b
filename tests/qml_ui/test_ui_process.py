#!/usr/bin/env python3
"""hostbridge-ui end to end: the real binary, offscreen, driven as a legacy pyblish host would.

    test_ui_process.py --bin BUILD/bin [unittest options]

Uses $HOSTBRIDGE_RUNTIME_DIR (CTest gives this test a directory of its own), or a temporary
directory. Standard library only. Every UI started is killed in tearDown and every wait is
bounded, so a failure never leaves a process behind or hangs.
"""

import argparse
import json
import os
import queue
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
import xmlrpc.client

import hostbridge_process
from hostbridge_process import TimeoutTransport

START_TIMEOUT_S = 20  # until the UI prints Port:NNNN (QML loads in well under a second)
EXIT_TIMEOUT_S = 15   # until the UI exits after quit/kill/SIGTERM
FILE_TIMEOUT_S = 10   # until a screenshot appears
CALL_TIMEOUT_S = 15   # one XML-RPC call

BIN = None
RUNTIME_DIR = None
STAND_IN_HOST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pyblish_stand_in_host.py")


def proxy(port, token=None, path="/"):
    auth = f"any:{token}@" if token else ""
    return xmlrpc.client.ServerProxy(f"http://{auth}127.0.0.1:{port}{path}", allow_none=True,
                                     transport=TimeoutTransport())


def png_size(path):
    """(width, height) of a PNG, from its IHDR chunk; fails unless the file is a PNG."""
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


class UiProcess(hostbridge_process.ServerProcess):
    """A running hostbridge-ui (offscreen unless env says otherwise); wait_for_port() when it serves."""

    def __init__(self, *args, env=None):
        full_env = {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"), **(env or {})}
        super().__init__([os.path.join(BIN, "hostbridge-ui"), *args], RUNTIME_DIR,
                         connection_file="ui-{port}.json", env=full_env, wait=False,
                         start_timeout=START_TIMEOUT_S, stop_timeout=EXIT_TIMEOUT_S)

    stderr = hostbridge_process.ServerProcess.stderr_text


def connection_file(port):
    return os.path.join(RUNTIME_DIR, f"ui-{port}.json")


def read_connection_file(port):
    with open(connection_file(port)) as f:
        return json.load(f)


class UiProcessTest(unittest.TestCase):
    def setUp(self):
        self.processes = []
        self.hosts = []
        self.tmp = tempfile.mkdtemp(prefix="hostbridge-ui-test-")

    def tearDown(self):
        for p in self.processes:
            p.kill()
        for host in self.hosts:  # the stand-in host ends when its stdin closes
            host.stdin.close()
            try:
                host.wait(timeout=EXIT_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                host.kill()
                host.wait(timeout=EXIT_TIMEOUT_S)
            host.stdout.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def start(self, *args, env=None):
        p = UiProcess(*args, env=env)
        self.processes.append(p)
        return p

    def wait_for_file(self, path, previous_mtime=None):
        deadline = time.monotonic() + FILE_TIMEOUT_S
        while time.monotonic() < deadline:
            if os.path.exists(path) and os.path.getsize(path) > 0 and (
                    previous_mtime is None or os.path.getmtime(path) != previous_mtime):
                return
            time.sleep(0.05)
        self.fail(f"{path} was not written in time")

    def test_legacy_pyblish_host_without_token(self):
        shot = os.path.join(self.tmp, "ui.png")
        ui = self.start("--port", "0", "--no-token", "--screenshot", shot)
        port = ui.wait_for_port()
        info = read_connection_file(port)
        self.assertEqual(info["kind"], "ui")
        self.assertEqual(info["port"], port)
        self.assertEqual(info["pid"], ui.proc.pid)

        # The old pyblish handshake: find a port, bind it, heartbeat, show.
        ui_proxy = proxy(port)
        host_port = ui_proxy.find_available_port(9001)
        self.assertIsInstance(host_port, int)
        self.assertGreaterEqual(host_port, 9001)
        with socket.socket() as s:
            s.bind(("127.0.0.1", host_port))  # free when asked: the host can bind it
        self.assertIsNone(ui_proxy.heartbeat(host_port))
        self.assertIs(ui_proxy.show(host_port, {"WindowTitle": "Maya 2024 - publish",
                                                "ContextLabel": "sh010_anim_v003.ma",
                                                "WindowSize": [640, 480],
                                                "HeartbeatInterval": 1}), True)
        self.assertIn("message", ui_proxy.ping())
        self.assertEqual(proxy(port, path="/RPC2").ping()["application"], "hostbridge-ui")

        # The window showed, at the size asked for, and rendered offscreen.
        self.wait_for_file(shot)
        self.assertEqual(png_size(shot), (640, 480))
        self.assertGreater(os.path.getsize(shot), 2000)  # drawn, not a blank page

        # A nil settings value and a missing one are both fine; bad settings are a fault.
        self.assertIs(ui_proxy.show(host_port, None), True)
        self.assertIs(ui_proxy.show(host_port), True)
        with self.assertRaises(xmlrpc.client.Fault) as raised:
            ui_proxy.show(host_port, {"WindowSize": "big"})
        self.assertEqual(raised.exception.faultCode, -32602)
        self.assertIn("WindowSize", raised.exception.faultString)

        self.assertIs(ui_proxy.hide(), True)
        self.assertIs(ui_proxy.quit(), True)  # answered before the process goes
        self.assertEqual(ui.wait(), 0)
        self.assertFalse(os.path.exists(connection_file(port)))
        # QML errors and warnings name their file (Main.qml:12: ...); a clean run has none.
        self.assertNotIn(".qml:", ui.stderr())

    def start_stand_in_host(self, *args):
        """The stand-in pyblish host (pyblish_stand_in_host.py); returns (port, call log path)."""
        log = os.path.join(self.tmp, "host-calls.jsonl")
        host = subprocess.Popen([sys.executable, STAND_IN_HOST, "--port", "0", "--log", log, *args],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.hosts.append(host)
        ready = queue.Queue()
        threading.Thread(target=lambda: ready.put(host.stdout.readline()), daemon=True).start()
        line = ready.get(timeout=START_TIMEOUT_S)
        self.assertTrue(line.startswith("Port:"), line)
        return int(line.strip()[5:]), log

    @staticmethod
    def host_calls(log):
        if not os.path.exists(log):
            return []
        with open(log) as f:
            return [json.loads(line) for line in f if line.strip()]

    def test_legacy_host_show_resets_and_validates(self):
        host_port, log = self.start_stand_in_host()
        shot = os.path.join(self.tmp, "publish.png")
        ui = self.start("--port", "0", "--no-token", "--screenshot", shot, "--run", "validate")
        port = ui.wait_for_port()

        # The legacy host's handshake; the UI then resets from that host by itself.
        ui_proxy = proxy(port)
        self.assertIsNone(ui_proxy.heartbeat(host_port))
        self.assertIs(ui_proxy.show(host_port, {"WindowTitle": "Stand-in host - publish",
                                                "ContextLabel": "Stand-in scene", "HeartbeatInterval": 1}), True)
        deadline = time.monotonic() + FILE_TIMEOUT_S
        while time.monotonic() < deadline:
            calls = self.host_calls(log)
            if any(c["method"] == "emit" and c["params"][0] == "validated" for c in calls):
                break
            time.sleep(0.05)
        else:
            self.fail("the UI did not validate in time: " + str([c["method"] for c in self.host_calls(log)]))
        methods = [c["method"] for c in calls]
        # protocol.md's reset sequence, then the validation (--run validate).
        self.assertEqual(methods[:11], ["stats", "reset", "context", "discover", "process", "context", "process",
                                        "context", "context", "stats", "emit"])
        self.assertEqual(calls[10]["params"][0], "reset")
        processed = [c["params"][0]["name"] + (":" + c["params"][1]["name"] if c["params"][1] else "")
                     for c in calls if c["method"] == "process"]
        self.assertEqual(processed, ["CollectInstances", "CollectUser", "ValidateNaming:Bruce", "ValidateNaming:Chair",
                                     "ValidateNormals:Bruce", "ValidateNormals:Chair", "ValidateCamera:Camera1"])
        self.assertIn("test", methods)

        # A screenshot once the run ended.
        self.wait_for_file(shot)
        self.assertEqual(png_size(shot), (430, 600))
        self.assertGreater(os.path.getsize(shot), 10000)
        self.assertIs(ui_proxy.quit(), True)
        self.assertEqual(ui.wait(), 0)
        self.assertNotIn(".qml:", ui.stderr())

    def test_token_required_unless_no_token(self):
        ui = self.start("--port", "0")
        port = ui.wait_for_port()
        token = read_connection_file(port)["token"]
        self.assertGreaterEqual(len(token), 32)

        with self.assertRaises(xmlrpc.client.ProtocolError) as raised:
            proxy(port).ping()
        self.assertEqual(raised.exception.errcode, 401)
        with self.assertRaises(xmlrpc.client.ProtocolError) as raised:
            proxy(port, token="0" * 64).heartbeat(9001)
        self.assertEqual(raised.exception.errcode, 401)

        with_token = proxy(port, token=token)
        self.assertEqual(with_token.ping()["application"], "hostbridge-ui")
        self.assertIsNone(with_token.heartbeat(9001))
        self.assertIs(with_token.kill(), True)
        self.assertEqual(ui.wait(), 0)
        self.assertFalse(os.path.exists(connection_file(port)))

    def test_token_handed_over_by_environment(self):
        handed = "ab" * 32
        ui = self.start("--port", "0", env={"HOSTBRIDGE_TOKEN": handed})
        port = ui.wait_for_port()
        self.assertEqual(read_connection_file(port)["token"], handed)
        self.assertIs(proxy(port, token=handed).show(9001, {"WindowTitle": "x"}), True)
        self.assertIs(proxy(port, token=handed).quit(), True)
        self.assertEqual(ui.wait(), 0)

    def test_other_checks_stay_on_without_token(self):
        ui = self.start("--port", "0", "--no-token")
        port = ui.wait_for_port()
        body = b"<?xml version='1.0'?><methodCall><methodName>ping</methodName><params/></methodCall>"
        for headers, status in [({"Content-Type": "text/plain"}, 415),  # a browser's simple request
                                ({"Content-Type": "text/xml", "Origin": "http://evil.example"}, 403)]:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/RPC2", data=body, headers=headers)
            with self.assertRaises(urllib.error.HTTPError) as raised:
                urllib.request.urlopen(request, timeout=CALL_TIMEOUT_S)
            self.assertEqual(raised.exception.code, status)
        ui.proc.send_signal(signal.SIGTERM)  # a clean exit on SIGTERM too
        self.assertEqual(ui.wait(), 0)
        self.assertFalse(os.path.exists(connection_file(port)))

    def test_taken_port_exits_with_its_number(self):
        with socket.socket() as squatter:
            squatter.bind(("127.0.0.1", 0))
            squatter.listen(1)
            port = squatter.getsockname()[1]
            shot = os.path.join(self.tmp, "never.png")
            ui = self.start("--port", str(port), "--show", "--screenshot", shot)
            code = ui.wait()
            self.assertNotEqual(code, 0)
            err = ui.stderr()
            self.assertIn(str(port), err)
            self.assertIn("in use", err)
            self.assertTrue(ui.stdout_lines.get(timeout=5) is None, "nothing announced on stdout")
            self.assertFalse(os.path.exists(connection_file(port)))
            self.assertFalse(os.path.exists(shot))  # no window ever showed

    def test_standalone_show_writes_screenshot(self):
        shot = os.path.join(self.tmp, "standalone.png")
        ui = self.start("--port", "0", "--no-token", "--show", "--screenshot", shot)
        port = ui.wait_for_port()
        self.wait_for_file(shot)
        self.assertEqual(png_size(shot), (430, 600))  # the default size
        self.assertIs(proxy(port).quit(), True)
        self.assertEqual(ui.wait(), 0)


    def test_size_and_open_for_screenshots(self):
        """--size sets the window's size at start; --open log keeps the window rendering (the Log tab)."""
        host_port, log = self.start_stand_in_host()
        shot = os.path.join(self.tmp, "wide-log.png")
        ui = self.start("--port", "0", "--no-token", "--size", "1280x800", "--host-port", str(host_port),
                        "--run", "validate", "--open", "log", "--show", "--screenshot", shot)
        port = ui.wait_for_port()
        deadline = time.monotonic() + FILE_TIMEOUT_S
        while not any(c["method"] == "emit" and c["params"][0] == "validated" for c in self.host_calls(log)):
            self.assertLess(time.monotonic(), deadline, "the UI did not validate in time")
            time.sleep(0.05)
        self.wait_for_file(shot)
        self.assertEqual(png_size(shot), (1280, 800))
        self.assertIs(proxy(port).quit(), True)
        self.assertEqual(ui.wait(), 0)
        self.assertNotIn(".qml:", ui.stderr())
        for bad in ("1280", "50x50", "1280x800x2"):
            with self.subTest(size=bad):
                result = subprocess.run([os.path.join(BIN, "hostbridge-ui"), "--size", bad], capture_output=True,
                                        text=True, timeout=EXIT_TIMEOUT_S)
                self.assertEqual(result.returncode, 2)
                self.assertIn("--size takes WxH", result.stderr)

    def test_qt_options_and_the_command_line(self):
        """Options are QCommandLineParser's: Qt's own (-platform) pass to Qt, --port=N works, --help lists
        every flag, a bad option is a message and exit 2 (none of these needs a display)."""
        # -platform wins over the environment's platform, which does not exist: the UI serves only
        # when Qt took the option.
        ui = self.start("-platform", "offscreen", "--port=0", "--no-token", "--show",
                        env={"QT_QPA_PLATFORM": "no-such-platform"})
        port = ui.wait_for_port()
        self.assertIs(proxy(port).quit(), True)
        self.assertEqual(ui.wait(), 0)
        bare_env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        ui_bin = os.path.join(BIN, "hostbridge-ui")
        shown = subprocess.run([ui_bin, "--help"], capture_output=True, text=True, timeout=EXIT_TIMEOUT_S, env=bare_env)
        self.assertEqual(shown.returncode, 0)
        for flag in ("--port", "--no-token", "--show", "--host-port", "--extension", "--screenshot", "--run", "--size",
                     "--open", "--help"):
            self.assertIn(flag, shown.stdout)
        self.assertNotIn("qwindowtitle", shown.stdout)  # Qt's options: accepted, not listed
        for args, words in ((["--bogus"], "Unknown option 'bogus'"), (["--port"], "Missing value after '--port'"),
                            (["--port=70000"], "--port takes a number from 0 to 65535"),
                            (["--host-port", "0"], "--host-port takes a number from 1 to 65535"),
                            (["--run", "dance"], "--run takes validate"), (["stray"], "unexpected argument stray")):
            with self.subTest(args=args):
                result = subprocess.run([ui_bin, *args], capture_output=True, text=True, timeout=EXIT_TIMEOUT_S,
                                        env=bare_env)
                self.assertEqual(result.returncode, 2)
                self.assertIn(words, result.stderr)
                self.assertIn("--screenshot", result.stderr)  # the options follow the message


def main():
    global BIN, RUNTIME_DIR
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    args, rest = parser.parse_known_args()
    BIN = os.path.abspath(args.bin)
    RUNTIME_DIR = os.environ.get("HOSTBRIDGE_RUNTIME_DIR") or tempfile.mkdtemp(prefix="hostbridge-rt-")
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()
