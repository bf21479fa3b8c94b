#!/usr/bin/env python3
"""hostbridge-call, run as a user runs it, against a real hostbridge-hello-host.

    test_hostbridge_call.py --bin BUILD/bin [unittest options]

Uses $HOSTBRIDGE_RUNTIME_DIR (CTest gives this test a directory of its own), or a temporary
directory when it is unset. Standard library only. Every subprocess has a timeout and every
host started is killed in tearDown, so a failure never leaves a process behind or hangs.
"""

import argparse
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse
import xmlrpc.server

import hostbridge_process
from loopback_ports import unused_port
from value_equality import same_type_equal

CALL_TIMEOUT_S = 15   # one hostbridge-call run; calls normally take milliseconds
START_TIMEOUT_S = 10  # until a host prints Port:NNNN
STOP_TIMEOUT_S = 10   # until a host exits after SIGTERM

BIN_DIR = None
RUNTIME_DIR = None
CALL_BIN = None
HOST_BIN = None


def dead_pid():
    """The pid of a process that has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(timeout=CALL_TIMEOUT_S)
    return proc.pid


class Host(hostbridge_process.ServerProcess):
    """A hostbridge-hello-host on a port of its own choosing, serving once constructed."""

    def __init__(self, runtime_dir):
        super().__init__([HOST_BIN, "--port", "0"], runtime_dir, start_timeout=START_TIMEOUT_S,
                         stop_timeout=STOP_TIMEOUT_S)


class CallerMixin:
    """Runs hostbridge-call and checks it never prints the host's token."""

    def call(self, *args, runtime_dir=None, env=None, timeout=CALL_TIMEOUT_S):
        full_env = dict(os.environ, HOSTBRIDGE_RUNTIME_DIR=runtime_dir or RUNTIME_DIR)
        full_env.pop("HOSTBRIDGE_TOKEN", None)
        full_env.update(env or {})
        result = subprocess.run([CALL_BIN, *args], capture_output=True, timeout=timeout,
                                env=full_env, encoding="utf-8", errors="replace")
        for secret in self.secrets():
            self.assertNotIn(secret, result.stdout + result.stderr, "hostbridge-call printed a token")
        return result

    def secrets(self):
        return []

    def empty_runtime_dir(self):
        """A runtime directory with no connection file in it."""
        path = tempfile.mkdtemp(prefix="hostbridge-call-empty-")
        self.addCleanup(shutil.rmtree, path, True)
        return path

    def assertExit(self, result, code):
        self.assertEqual(result.returncode, code,
                         "exit %d, stdout: %r, stderr: %r" % (result.returncode, result.stdout, result.stderr))


class HostTest(CallerMixin, unittest.TestCase):
    """Every test gets a fresh hello host, the only one in the runtime directory."""

    def setUp(self):
        self.host = Host(RUNTIME_DIR)
        self.more_hosts = []

    def tearDown(self):
        for host in [self.host] + self.more_hosts:
            host.kill()

    def secrets(self):
        return [self.host.token]

    def check_add(self, *target):
        result = self.call(*target, "add", "2", "3")
        self.assertExit(result, 0)
        self.assertEqual(json.loads(result.stdout), 5)
        self.assertEqual(result.stderr, "")

    # ---- targets and tokens ---------------------------------------------------------------
    def test_port_finds_token_in_connection_file(self):
        self.check_add("--port", str(self.host.port))

    def test_port_with_path(self):
        self.check_add("--port", str(self.host.port), "--path", "/RPC2")

    def test_connection_file(self):
        self.check_add("--connection", self.host.file)

    def test_url_with_token_in_userinfo(self):
        # An empty runtime directory: the token can only come from the URL.
        url = "http://any:%s@127.0.0.1:%d/RPC2" % (self.host.token, self.host.port)
        result = self.call("--url", url, "add", "2", "3", runtime_dir=self.empty_runtime_dir())
        self.assertExit(result, 0)
        self.assertEqual(json.loads(result.stdout), 5)

    def test_socket_finds_token_in_connection_file(self):
        self.assertTrue(self.host.info["socket"].endswith("/host-%d.sock" % self.host.pid), self.host.info)
        self.check_add("--socket", self.host.info["socket"])
        self.check_add("--socket", self.host.info["socket"], "--path", "/RPC2")
        encoded = "http+unix://%s/RPC2" % urllib.parse.quote(self.host.info["socket"], safe="")
        self.check_add("--url", encoded)
        self.check_add("--url", "unix:" + self.host.info["socket"])

    def test_a_connection_file_with_a_socket_is_called_there(self):
        # The same file with its socket moved away: the call fails naming the socket, so the
        # socket (not the port beside it) is what a connection file's target uses.
        moved = dict(self.host.info, socket=self.host.info["socket"] + ".gone")
        path = os.path.join(self.empty_runtime_dir(), "host-moved.json")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w", encoding="utf-8") as f:
            json.dump(moved, f)
        result = self.call("--connection", path, "add", "2", "3")
        self.assertExit(result, 3)
        self.assertIn(moved["socket"], result.stderr)
        del moved["socket"]  # a file without one (an older writer): the port
        with open(path, "w", encoding="utf-8") as f:
            json.dump(moved, f)
        self.check_add("--connection", path)

    def test_url_without_token_finds_connection_file(self):
        self.check_add("--url", "http://127.0.0.1:%d/RPC2" % self.host.port)

    def test_no_target_uses_the_one_host(self):
        self.check_add()

    def test_token_from_environment_as_fallback(self):
        result = self.call("--port", str(self.host.port), "add", "2", "3",
                           runtime_dir=self.empty_runtime_dir(), env={"HOSTBRIDGE_TOKEN": self.host.token})
        self.assertExit(result, 0)
        self.assertEqual(json.loads(result.stdout), 5)

    def test_connection_file_token_wins_over_environment(self):
        result = self.call("--port", str(self.host.port), "add", "2", "3",
                           env={"HOSTBRIDGE_TOKEN": "stale-token-from-a-parent"})
        self.assertExit(result, 0)

    def test_wrong_token_exits_3_with_hint(self):
        wrong = "not-the-token-5f3a9c"
        result = self.call("--port", str(self.host.port), "--token", wrong, "add", "1", "2")
        self.assertExit(result, 3)
        self.assertEqual(result.stdout, "")
        self.assertIn("401", result.stderr)
        self.assertIn("token is missing or wrong", result.stderr)
        self.assertIn("--token", result.stderr)
        self.assertNotIn(wrong, result.stderr)

    def test_missing_token_exits_3_with_hint(self):
        result = self.call("--port", str(self.host.port), "add", "1", "2", runtime_dir=self.empty_runtime_dir())
        self.assertExit(result, 3)
        self.assertIn("401", result.stderr)
        self.assertIn("token is missing or wrong", result.stderr)
        self.assertIn("no token was sent", result.stderr)

    def test_several_hosts_need_a_choice(self):
        second = Host(RUNTIME_DIR)
        self.more_hosts.append(second)
        result = self.call("add", "1", "2")
        self.assertExit(result, 2)
        self.assertIn("2 hosts", result.stderr)
        self.assertIn(self.host.file, result.stderr)
        self.assertIn(second.file, result.stderr)
        self.assertNotIn(second.token, result.stderr)

    def test_stale_connection_file_ignored_and_deleted(self):
        pid = dead_pid()
        stale = os.path.join(RUNTIME_DIR, "host-%d.json" % pid)
        port = unused_port()
        fd = os.open(stale, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"kind": "host", "pid": pid, "port": port, "token": "stale-token",
                       "url": "http://127.0.0.1:%d/" % port}, f)
        self.addCleanup(lambda: os.path.exists(stale) and os.remove(stale))
        self.check_add()
        self.assertFalse(os.path.exists(stale), "the stale connection file was not deleted")

    # ---- values ---------------------------------------------------------------------------
    def test_echo_round_trips_nested_json(self):
        value = {
            "unicode": "héllo wörld ✓ 日本語 ∑",
            "ünïcode key": "x",
            "nothing": None,
            "nested": [[1, [2, [3, []]]], {"a": {"b": {}}}, [None, [None]]],
            "big": 5000000000,
            "negative big": -5000000000,
            "int32 edge": [2147483647, -2147483648, 2147483648],
            "doubles": [2.5, -0.125, 2.0, 0.1, 1 / 3, 3.141592653589793, 1e20],
            "bools": [True, False],
            "empty": ["", [], {}],
            "escapes": "quote \" backslash \\ tab \t newline \n return \r end",
        }
        for ensure_ascii in (False, True):
            result = self.call("echo", json.dumps(value, ensure_ascii=ensure_ascii))
            self.assertExit(result, 0)
            echoed = json.loads(result.stdout)
            self.assertTrue(same_type_equal(echoed, value), "echoed %r" % echoed)
        self.assertTrue(result.stdout.startswith("{\n  "), "not pretty-printed with indent 2")

    # xmlrpc-c 1.33 refuses these on its own; shared/ carries them past it (stand_ins.cpp).
    def test_echo_round_trips_characters_outside_the_bmp(self):
        result = self.call("echo", json.dumps("party 🎉 𝄞"))
        self.assertExit(result, 0)
        self.assertEqual(json.loads(result.stdout), "party 🎉 𝄞")

    def test_echo_round_trips_every_double(self):
        doubles = [0.1 + 0.2, 1e-5, 123456789.12345678, 6.02214076e23, 1e-300, 1.7976931348623157e308]
        result = self.call("echo", json.dumps(doubles))
        self.assertExit(result, 0)
        self.assertEqual(json.loads(result.stdout), doubles)

    def test_scalars(self):
        for arg, expected in [("3", 3), ("-7", -7), ("2.5", 2.5), ("true", True), ("null", None),
                              ('"3"', "3"), ("[1,2]", [1, 2]), ('{"a":1}', {"a": 1})]:
            result = self.call("echo", arg)
            self.assertExit(result, 0)
            self.assertTrue(same_type_equal(json.loads(result.stdout), expected), arg)

    def test_plain_string_fallback(self):
        for arg in ["hello", "hello world", "shot_010 v2", "ünïcode"]:
            result = self.call("echo", arg)
            self.assertExit(result, 0)
            self.assertEqual(json.loads(result.stdout), arg)

    def test_broken_json_is_a_usage_error(self):
        result = self.call("echo", "[1, 2")
        self.assertExit(result, 2)
        self.assertIn("ARG 1", result.stderr)

    # ---- faults and transport errors ------------------------------------------------------
    def test_fault_exits_1(self):
        result = self.call("fail", "42", "boom")
        self.assertExit(result, 1)
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.stderr.strip(), "fault 42: boom")

    def test_wrong_type_says_where(self):
        result = self.call("add", '"x"', "2")
        self.assertExit(result, 1)
        self.assertIn("params[0]: expected int, got string", result.stderr)
        self.assertIn("fault -32602", result.stderr)

    def test_unknown_method(self):
        result = self.call("no_such_method")
        self.assertExit(result, 1)
        self.assertIn("fault -32601", result.stderr)

    def test_unreachable_port_exits_3(self):
        result = self.call("--port", str(unused_port()), "add", "1", "2")
        self.assertExit(result, 3)
        self.assertIn("cannot connect", result.stderr)

    def test_timeout_exits_3_quickly(self):
        started = time.monotonic()
        result = self.call("--timeout", "200", "sleep", "2000")
        elapsed = time.monotonic() - started
        self.assertExit(result, 3)
        self.assertIn("timeout", result.stderr)
        self.assertLess(elapsed, 1.5)

    # ---- --list, --help, usage ------------------------------------------------------------
    def test_list(self):
        result = self.call("--list")
        self.assertExit(result, 0)
        lines = result.stdout.splitlines()

        def line_of(name):
            found = [line for line in lines if line.startswith(name + "(")]
            self.assertEqual(len(found), 1, "no line for %s in %r" % (name, result.stdout))
            return found[0]

        self.assertRegex(line_of("add"), r"^add\(int, int\) -> int +add\(a, b\): the sum of two integers\.$")
        self.assertRegex(line_of("echo"), r"^echo\(any\) -> any +echo\(x\): returns x unchanged")
        self.assertRegex(line_of("sleep"), r"^sleep\(int\) -> int +sleep\(ms\): waits ms milliseconds")
        self.assertRegex(line_of("fail"), r"^fail\(int, string\) -> nil +fail\(code, message\): answers with a fault")
        self.assertIn("system.multicall(array) -> array", result.stdout)

    def test_help(self):
        result = self.call("--help")
        self.assertExit(result, 0)
        self.assertIn("usage: hostbridge-call", result.stdout)
        self.assertIn("plain", result.stdout)  # the plain-string fallback is documented

    def test_usage_errors_exit_2(self):
        for args in [[], ["--port", "abc", "add"], ["--bogus", "add"], ["--port"],
                     ["--port", "1", "--connection", "x.json", "add"], ["--list", "add"],
                     ["--timeout", "0", "add"], ["--url", "http://127.0.0.1:1/", "--path", "/x", "add"]]:
            result = self.call(*args)
            self.assertExit(result, 2)
            self.assertIn("usage: hostbridge-call", result.stderr, args)
            self.assertEqual(result.stdout, "")

    def test_client_options(self):
        # The clients list and commands themselves: tests/examples/test_python_tool.py (a real
        # host with clients). Here: their usage rules, and a server without the methods.
        for args in [["--clients", "add"], ["--clients", "--list"], ["--reset-client"], ["--repl", "--clients"],
                     ["--reset-client", "a", "--disconnect-client", "b"], ["--disconnect-client", "x", "add"]]:
            result = self.call(*args)
            self.assertExit(result, 2)
            self.assertIn("usage: hostbridge-call", result.stderr, args)
        result = self.call("--clients")
        self.assertExit(result, 1)  # a hello host serves no hostbridge.clients
        self.assertIn("hostbridge.clients", result.stderr)
        result = self.call("--reset-client", "0123")
        self.assertExit(result, 1)
        self.assertIn("hostbridge.resetClient", result.stderr)

    def test_refused_url_does_not_show_its_token(self):
        result = self.call("--url", "https://any:SECRET-IN-URL@127.0.0.1:1/", "add", "1", "2")
        self.assertExit(result, 2)
        self.assertNotIn("SECRET-IN-URL", result.stderr)

    def test_missing_connection_file(self):
        result = self.call("--connection", os.path.join(RUNTIME_DIR, "nope.json"), "add", "1", "2")
        self.assertExit(result, 2)
        self.assertIn("nope.json", result.stderr)

    # ---- the host's life cycle ------------------------------------------------------------
    def test_sigterm_exits_0_and_removes_connection_file(self):
        self.check_add()
        self.assertEqual(self.host.terminate(), 0, self.host.stderr_text())
        self.assertFalse(os.path.exists(self.host.file))
        result = self.call("add", "1", "2")
        self.assertExit(result, 2)
        self.assertIn("no running host", result.stderr)


class NoHostTest(CallerMixin, unittest.TestCase):
    """What happens with no hello host at all."""

    def test_only_a_stale_file(self):
        runtime_dir = self.empty_runtime_dir()
        pid = dead_pid()
        stale = os.path.join(runtime_dir, "host-%d.json" % pid)
        with open(stale, "w", encoding="utf-8") as f:
            json.dump({"kind": "host", "pid": pid, "port": 1, "token": "t", "url": "http://127.0.0.1:1/"}, f)
        os.chmod(stale, 0o600)
        result = self.call("add", "1", "2", runtime_dir=runtime_dir)
        self.assertExit(result, 2)
        self.assertIn("no running host", result.stderr)
        self.assertFalse(os.path.exists(stale))


class PlainServerTest(CallerMixin, unittest.TestCase):
    """--list against Python's own XML-RPC server, which answers introspection differently."""

    def serve(self, introspection, signatures=None):
        server = xmlrpc.server.SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False, allow_none=True)
        server.register_function(lambda a, b=1: a * b, "multiply")
        if introspection:
            server.register_introspection_functions()
            server.register_multicall_functions()
        if signatures:
            server.register_function(lambda name: signatures.get(name, "undef"), "system.methodSignature")
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()

        def stop():
            server.shutdown()
            server.server_close()
            thread.join(timeout=STOP_TIMEOUT_S)
        self.addCleanup(stop)
        return "http://127.0.0.1:%d/" % server.server_address[1]

    def test_introspection_off(self):
        url = self.serve(introspection=False)
        result = self.call("--url", url, "--list", runtime_dir=self.empty_runtime_dir())
        self.assertExit(result, 1)
        self.assertIn("does not offer introspection", result.stderr)
        # Plain calls still work.
        result = self.call("--url", url, "multiply", "6", "7", runtime_dir=self.empty_runtime_dir())
        self.assertExit(result, 0)
        self.assertEqual(json.loads(result.stdout), 42)

    def test_unknown_signatures(self):
        url = self.serve(introspection=True)
        result = self.call("--url", url, "--list", runtime_dir=self.empty_runtime_dir())
        self.assertExit(result, 0)
        self.assertIn("multiply(...)", result.stdout)
        self.assertIn("system.listMethods(...)", result.stdout)

    def test_optional_parameters_in_brackets(self):
        url = self.serve(introspection=True, signatures={"multiply": [["int", "int"], ["int", "int", "int"]]})
        result = self.call("--url", url, "--list", runtime_dir=self.empty_runtime_dir())
        self.assertExit(result, 0)
        self.assertRegex(result.stdout, r"(?m)^multiply\(int\[, int\]\) -> int\b")


def reap_orphans():
    """Stops hello hosts left in our runtime directory by an earlier run that was killed."""
    for path in glob.glob(os.path.join(RUNTIME_DIR, "host-*.json")):
        try:
            with open(path, encoding="utf-8") as f:
                pid = int(json.load(f)["pid"])
            if os.path.realpath("/proc/%d/exe" % pid) != os.path.realpath(HOST_BIN):
                continue
            os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError, KeyError):
            continue
        for _ in range(100):
            if not os.path.exists("/proc/%d" % pid):
                break
            time.sleep(0.05)
        if os.path.exists(path):
            os.remove(path)


def main():
    global BIN_DIR, RUNTIME_DIR, CALL_BIN, HOST_BIN
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the folder holding hostbridge-call and hostbridge-hello-host")
    args, rest = parser.parse_known_args()
    BIN_DIR = os.path.abspath(args.bin)
    CALL_BIN = os.path.join(BIN_DIR, "hostbridge-call")
    HOST_BIN = os.path.join(BIN_DIR, "hostbridge-hello-host")
    for binary in (CALL_BIN, HOST_BIN):
        if not os.access(binary, os.X_OK):
            sys.exit("not built: %s" % binary)

    temporary = None
    RUNTIME_DIR = os.environ.get("HOSTBRIDGE_RUNTIME_DIR")
    if not RUNTIME_DIR:
        temporary = RUNTIME_DIR = tempfile.mkdtemp(prefix="hostbridge-call-test-")
        os.environ["HOSTBRIDGE_RUNTIME_DIR"] = RUNTIME_DIR
    os.makedirs(RUNTIME_DIR, mode=0o700, exist_ok=True)  # the library creates only the last level
    reap_orphans()
    try:
        program = unittest.main(argv=[sys.argv[0]] + rest, verbosity=2, exit=False)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    sys.exit(0 if program.result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
