#!/usr/bin/env python3
"""Python's stdlib xmlrpc.client, a peer we did not write, against the real hostbridge-hello-host.

    test_python_client.py --bin BUILD/bin [unittest options]

Uses $HOSTBRIDGE_RUNTIME_DIR (CTest gives this test a directory of its own), or a temporary
directory when it is unset. Standard library only. Every call has a socket timeout, and the
host is stopped (killed if need be) in tearDownClass, so a failure never hangs or leaves a
process behind.
"""

import argparse
import datetime
import http.client
import json
import os
import shutil
import socket
import stat
import sys
import tempfile
import unittest
import xmlrpc.client

import hostbridge_process
from value_equality import same_type_equal
from hostbridge_process import TimeoutTransport

CALL_TIMEOUT_S = 15   # one call; calls normally take milliseconds
START_TIMEOUT_S = 10  # until the host prints Port:NNNN
STOP_TIMEOUT_S = 10   # until the host exits after SIGTERM

HOST_BIN = None
RUNTIME_DIR = None


class Host(hostbridge_process.ServerProcess):
    """A hostbridge-hello-host on a port the system chose, serving once constructed."""

    def __init__(self, runtime_dir):
        super().__init__([HOST_BIN], runtime_dir, start_timeout=START_TIMEOUT_S,
                         stop_timeout=STOP_TIMEOUT_S, use_builtin_types=True)


def raw_call(host, body, path="/RPC2"):
    """POSTs a hand-written XML body (bytes) with the token; returns (status, body bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", host.port, timeout=CALL_TIMEOUT_S)
    try:
        connection.request("POST", path, body, {"Content-Type": "text/xml",
                                                "Authorization": "Bearer " + host.token})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def echo_xml(value_xml):
    return ('<?xml version="1.0"?><methodCall><methodName>echo</methodName><params><param>'
            '<value>%s</value></param></params></methodCall>' % value_xml).encode("utf-8")


class PythonClientTest(unittest.TestCase):
    """One host for the whole class: these tests only call it."""

    @classmethod
    def setUpClass(cls):
        cls.host = Host(RUNTIME_DIR)

    @classmethod
    def tearDownClass(cls):
        status = cls.host.terminate()
        cls.host.kill()
        if status != 0:
            raise AssertionError("hello host did not exit cleanly on SIGTERM: %r" % (status,))

    def setUp(self):
        self.proxy = self.host.proxy()

    def tearDown(self):
        self.proxy("close")()  # closes the kept-alive connection of this test's transport

    def assertEchoes(self, value, proxy=None):
        result = (proxy or self.proxy).echo(value)
        self.assertTrue(same_type_equal(result, value), "sent %r, got back %r" % (value, result))

    # ---- calls and values -----------------------------------------------------------------
    def test_add(self):
        self.assertEqual(self.proxy.add(2, 3), 5)
        self.assertEqual(self.proxy.add(-2147483648, 2147483647), -1)
        self.assertEqual(self.proxy.add(2147483647, 1), 2147483648)  # no int overflow: an <i8> sum

    def test_echo_scalars(self):
        for value in [0, 1, -1, 2147483647, -2147483648, True, False, None]:
            with self.subTest(value=value):
                self.assertEchoes(value)

    def test_echo_doubles_exactly(self):
        for value in [0.0, -0.0, 0.1, 1e300, -1e300, -1.5, 4.35, 0.30000000000000004, 5e-324,
                      2.2250738585072014e-308, 1.7976931348623157e308, 840.1877171547095, 1e22]:
            with self.subTest(value=value):
                self.assertEchoes(value)

    def test_echo_strings(self):
        for value in ["", "plain", "漢字かな한글", "😀🎬𝄞", "mixed 😀 and 漢字", "&<>\"'", "]]>",
                      "tab\tnewline\n", "x" * 100000, "\u00e9\u0301", "\ufeffBOM"]:
            with self.subTest(value=value[:20]):
                self.assertEchoes(value)

    def test_echo_bytes(self):
        for value in [bytes(range(256)), b"", b"\x00", bytes(range(256)) * 100]:
            with self.subTest(size=len(value)):
                self.assertEchoes(value)

    def test_echo_datetimes(self):
        # XML-RPC's dateTime has whole seconds and no zone.
        for value in [datetime.datetime(2026, 11, 21, 10, 0, 0), datetime.datetime(1970, 1, 1),
                      datetime.datetime(1000, 1, 1), datetime.datetime(9999, 12, 31, 23, 59, 59)]:
            with self.subTest(value=value):
                self.assertEchoes(value)

    def test_datetime_before_year_1000_is_read_but_refused_on_the_way_back(self):
        """xmlrpc-c writes years before 1000 without leading zeros, which no parser reads, so
        the host refuses to send such a date: a clear fault instead of a broken answer."""
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.proxy.echo(datetime.datetime(1, 1, 1))
        self.assertEqual(caught.exception.faultCode, -32603)
        self.assertIn("1000-9999", caught.exception.faultString)
        self.assertEchoes(datetime.datetime(1000, 1, 1))

    def test_echo_containers(self):
        for value in [[], {}, [[]], [{}], {"a": []}, [[], {}, [[], [[]]]],
                      {"a": [1, {"b": [None, "x", 2.5]}], "c": {"d": {"e": b"\x01"}}},
                      [1, "two", 3.0, None, True, b"6", datetime.datetime(2026, 1, 2, 3, 4, 5)],
                      {"": "empty key", "漢字": 1, "😀": 2, "&<>": 3}]:
            with self.subTest(value=value):
                self.assertEchoes(value)

    def test_echo_struct_with_1000_members(self):
        value = {"member%04d" % i: [i, str(i), float(i)] for i in range(1000)}
        self.assertEchoes(value)

    def test_server_answers_i8(self):
        # Python refuses to send ints beyond 32 bits, so the call is written by hand.
        status, body = raw_call(self.host, echo_xml("<i8>5000000000</i8>"))
        self.assertEqual(status, 200)
        self.assertIn(b"<i8>5000000000</i8>", body)
        (result,), _ = xmlrpc.client.loads(body, use_builtin_types=True)
        self.assertEqual(result, 5000000000)
        status, body = raw_call(self.host, echo_xml("<i8>-9223372036854775808</i8>"))
        (result,), _ = xmlrpc.client.loads(body, use_builtin_types=True)
        self.assertEqual(result, -9223372036854775808)

    def test_carriage_return_reaches_python(self):
        # Python's client sends a raw CR, which XML turns into LF before any server sees it;
        # a reference survives, and our answer carries it back as a reference.
        status, body = raw_call(self.host, echo_xml("<string>a&#13;b&#xD;&#10;c</string>"))
        self.assertEqual(status, 200)
        (result,), _ = xmlrpc.client.loads(body, use_builtin_types=True)
        self.assertEqual(result, "a\rb\r\nc")

    # ---- faults ---------------------------------------------------------------------------
    def test_fault_carries_code_and_message(self):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.proxy.fail(42, "boom")
        self.assertEqual(caught.exception.faultCode, 42)
        self.assertEqual(caught.exception.faultString, "boom")

    def test_wrong_parameter_type_says_where(self):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.proxy.add("x", 1)
        self.assertEqual(caught.exception.faultCode, -32602)
        self.assertIn("params[0]: expected int, got string", caught.exception.faultString)

    def test_wrong_arity_and_unknown_method(self):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.proxy.add(1)
        self.assertEqual(caught.exception.faultCode, -32602)
        for name in ["nope", "system.shutdown", "__init__", "echo.__class__"]:
            with self.subTest(name=name):
                with self.assertRaises(xmlrpc.client.Fault) as caught:
                    # __getattr__ directly: plain attribute access finds ServerProxy's own
                    # __init__ instead of making a remote call.
                    self.proxy.__getattr__(name)()
                self.assertEqual(caught.exception.faultCode, -32601)

    def test_the_connection_survives_faults(self):
        for _ in range(3):
            with self.assertRaises(xmlrpc.client.Fault):
                self.proxy.fail(1, "again")
            self.assertEqual(self.proxy.add(1, 1), 2)

    # ---- system methods -------------------------------------------------------------------
    def test_multicall(self):
        multi = xmlrpc.client.MultiCall(self.proxy)
        multi.add(1, 2)
        multi.echo("😀")
        multi.fail(42, "boom")
        multi.add("x", 1)
        results = multi()
        self.assertEqual(results[0], 3)
        self.assertEqual(results[1], "😀")
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            results[2]
        self.assertEqual((caught.exception.faultCode, caught.exception.faultString), (42, "boom"))
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            results[3]
        self.assertEqual(caught.exception.faultCode, -32602)

    def test_introspection(self):
        names = self.proxy.system.listMethods()
        for name in ["add", "echo", "fail", "sleep", "system.listMethods", "system.methodHelp",
                     "system.methodSignature", "system.multicall"]:
            self.assertIn(name, names)
        self.assertNotIn("system.shutdown", names)
        self.assertEqual(self.proxy.system.methodHelp("add"), "add(a, b): the sum of two integers.")
        self.assertEqual(self.proxy.system.methodSignature("add"), [["int", "int", "int"]])
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.proxy.system.methodHelp("nope")
        self.assertEqual(caught.exception.faultCode, -32601)

    # ---- HTTP: token, paths, timeouts -----------------------------------------------------
    def assertProtocolError(self, proxy, errcode):
        with proxy, self.assertRaises(xmlrpc.client.ProtocolError) as caught:
            proxy.add(1, 2)
        self.assertEqual(caught.exception.errcode, errcode)

    def test_no_token_is_401(self):
        self.assertProtocolError(self.host.proxy(token=False), 401)

    def test_wrong_token_is_401(self):
        url = "http://any:%s@127.0.0.1:%d/RPC2" % ("0" * len(self.host.token), self.host.port)
        self.assertProtocolError(xmlrpc.client.ServerProxy(url, transport=TimeoutTransport()), 401)

    def test_root_path_works_the_same(self):
        with self.host.proxy("/") as proxy:
            self.assertEqual(proxy.add(2, 3), 5)
            self.assertEchoes({"a": [1.5, None, "漢字"]}, proxy)
            multi = xmlrpc.client.MultiCall(proxy)
            multi.add(1, 1)
            multi.system.listMethods()
            results = list(multi())
            self.assertEqual(results[0], 2)
            self.assertIn("echo", results[1])
        self.assertProtocolError(self.host.proxy("/", token=False), 401)

    def test_wrong_path_is_404(self):
        self.assertProtocolError(self.host.proxy("/nope"), 404)

    def test_call_timeout_then_next_call_works(self):
        with self.host.proxy(timeout=0.5) as slow, self.assertRaises((socket.timeout, TimeoutError)):
            slow.sleep(3000)
        self.assertEqual(self.proxy.add(1, 2), 3)

    def test_connection_file_is_private(self):
        mode = stat.S_IMODE(os.stat(self.host.file).st_mode)
        self.assertEqual(mode, 0o600)
        with open(self.host.file, encoding="utf-8") as f:
            info = json.load(f)
        self.assertEqual(info["port"], self.host.port)
        self.assertGreaterEqual(len(info["token"]) * 4, 128)


def main():
    global HOST_BIN, RUNTIME_DIR
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the build's bin directory")
    args, rest = parser.parse_known_args()
    HOST_BIN = os.path.join(args.bin, "hostbridge-hello-host")
    if not os.access(HOST_BIN, os.X_OK):
        sys.exit("not found or not executable: " + HOST_BIN)
    RUNTIME_DIR = os.environ.get("HOSTBRIDGE_RUNTIME_DIR")
    temporary = None
    if not RUNTIME_DIR:
        temporary = tempfile.mkdtemp(prefix="hostbridge-interop-")
        RUNTIME_DIR = temporary
    try:
        unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    main()
