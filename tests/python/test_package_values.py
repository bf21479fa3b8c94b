#!/usr/bin/env python3
"""The hostbridge package against stdlib xmlrpc.client: values both ways, faults, introspection,
binding forms and the host's life cycle (docs/python.md)."""
import datetime
import http.client
import io
import json
import os
import typing
import unittest
import xmlrpc.client

import hostbridge
from package_support import CALL_TIMEOUT_S, client, main
from value_equality import same_type_equal

THIS_FILE = os.path.abspath(__file__)


def raw_call(host, body):
    """POSTs hand-written XML (to send what xmlrpc.client refuses, such as an <i8>)."""
    connection = http.client.HTTPConnection("127.0.0.1", host.port, timeout=CALL_TIMEOUT_S)
    try:
        connection.request("POST", "/", body.encode(), {"Content-Type": "text/xml",
                                                        "Authorization": "Bearer " + host.token})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


class ValuesAndFaults(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.host = hostbridge.Host()
        cls.host.bind("echo", lambda value: value)
        cls.host.bind("power_of_two", lambda n: 2 ** n)
        cls.host.bind("produce", lambda kind: PRODUCED[kind]())
        cls.host.start()
        cls.proxy = client(cls.host)

    @classmethod
    def tearDownClass(cls):
        cls.proxy("close")()
        cls.host.stop()

    def test_every_type_round_trips(self):
        values = [0, 1, -2**31, 2**31 - 1, 3.25, -0.0, "", "plain", "é ü 漢字 😀 𝄞", b"", b"\x00\xff binary",
                  True, False, None, datetime.datetime(2026, 12, 4, 21, 30, 5), [], {},
                  [1, "two", [3.0, [None, {"deep": [b"x"]}]]],
                  {"shot": "sh010", "frames": [1001, 1096], "meta": {"artist": "ünïcødé 🎬", "ok": True}}]
        for value in values:
            with self.subTest(value=value):
                self.assertTrue(same_type_equal(self.proxy.echo(value), value), value)

    def test_big_integers_go_as_i8_and_beyond_64_bits_fault(self):
        self.assertEqual(self.proxy.power_of_two(40), 2 ** 40)
        self.assertEqual(self.proxy.power_of_two(62), 2 ** 62)
        status, body = raw_call(self.host, "<methodCall><methodName>echo</methodName><params><param><value>"
                                           "<i8>-9223372036854775808</i8></value></param></params></methodCall>")
        self.assertEqual(status, 200)
        self.assertIn("<i8>-9223372036854775808</i8>", body)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.proxy.power_of_two(64)
        self.assertEqual(caught.exception.faultCode, hostbridge.FaultCode.INTERNAL_ERROR)
        self.assertIn("does not fit in 64 bits", caught.exception.faultString)

    def test_python_types_sent_as_xmlrpc_types(self):
        self.assertEqual(self.proxy.produce("tuple"), [1, [2, 3]])
        self.assertTrue(same_type_equal(self.proxy.produce("bytearray"), b"ab"))
        self.assertTrue(same_type_equal(self.proxy.produce("binary"), b"\x01\x02"))
        self.assertEqual(self.proxy.produce("xmlrpc_datetime"), datetime.datetime(2026, 1, 2, 3, 4, 5))
        # An aware datetime is sent in UTC; dates come back naive, in UTC.
        self.assertEqual(self.proxy.produce("aware"), datetime.datetime(2026, 6, 1, 10, 0, 0))
        self.assertEqual(self.proxy.produce("before_1970"), datetime.datetime(1969, 7, 20, 20, 17, 40, 0))

    def test_what_cannot_be_sent_is_a_fault_that_says_where(self):
        for kind, message in [("int_key", "result.meta: struct keys must be str, got a key of type int"),
                              ("object", "result[1]: an object of type object cannot be sent"),
                              ("surrogate", "not valid Unicode"),
                              ("cycle", "nest deeper than 64")]:
            with self.subTest(kind=kind):
                with self.assertRaises(xmlrpc.client.Fault) as caught:
                    self.proxy.produce(kind)
                self.assertEqual(caught.exception.faultCode, hostbridge.FaultCode.INTERNAL_ERROR)
                self.assertIn(message, caught.exception.faultString)

    def test_fault_chooses_the_code(self):
        self.host.bind("refuse", self.refuse)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.proxy.refuse()
        self.assertEqual((caught.exception.faultCode, caught.exception.faultString), (42, "no such shot: sh999"))
        self.assertIsInstance(hostbridge.Fault(1, "x"), xmlrpc.client.Fault)

    @staticmethod
    def refuse():
        raise hostbridge.Fault(42, "no such shot: sh999")

    def test_other_exception_gives_type_message_and_where_it_was_raised(self):
        def fails(name):
            return {"a": 1}[name]
        self.host.bind("fails", fails)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.proxy.fails("missing")
        line = fails.__code__.co_firstlineno + 1
        self.assertEqual(caught.exception.faultCode, hostbridge.FaultCode.APPLICATION_ERROR)
        self.assertEqual(caught.exception.faultString,
                         f"fails failed: KeyError: 'missing' (raised at {THIS_FILE}:{line} in fails)")

    def test_wrong_arity_is_invalid_params(self):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.proxy.echo()
        self.assertEqual(caught.exception.faultCode, hostbridge.FaultCode.INVALID_PARAMS)
        self.assertEqual(caught.exception.faultString, "expected 1 parameter, got 0")



def _cycle():
    items = []
    items.append(items)
    return items


PRODUCED = {
    "tuple": lambda: (1, (2, 3)),
    "bytearray": lambda: bytearray(b"ab"),
    "binary": lambda: xmlrpc.client.Binary(b"\x01\x02"),
    "xmlrpc_datetime": lambda: xmlrpc.client.DateTime("20260102T03:04:05"),
    "aware": lambda: datetime.datetime(2026, 6, 1, 12, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
    "before_1970": lambda: datetime.datetime(1969, 7, 20, 20, 17, 40),
    "int_key": lambda: {"meta": {1: "one"}},
    "object": lambda: [1, object()],
    "surrogate": lambda: "\ud800",
    "cycle": _cycle,
}


class Introspection(unittest.TestCase):
    def setUp(self):
        self.host = hostbridge.Host()
        self.host.start()
        self.proxy = client(self.host)

    def tearDown(self):
        self.proxy("close")()
        self.host.stop()

    def test_help_from_docstring_and_signature_from_annotations(self):
        @self.host.function
        def rename(node: str, name: str, keep_history: bool = False, tags: typing.List[str] = ()) -> dict:
            """rename(node, name): renames a node; returns its new state."""
            return {}
        self.assertEqual(self.proxy.system.methodHelp("rename"),
                         "rename(node, name): renames a node; returns its new state.")
        self.assertEqual(self.proxy.system.methodSignature("rename"),
                         [["struct", "string", "string"], ["struct", "string", "string", "boolean"],
                          ["struct", "string", "string", "boolean", "array"]])

    def test_every_annotation_type(self):
        def typed(a: int, b: float, c: str, d: bool, e: bytes, f: list, g: tuple, h: dict,
                  i: datetime.datetime, j: None, k, m: object) -> None:
            pass
        self.host.bind("typed", typed)
        self.assertEqual(self.proxy.system.methodSignature("typed"),
                         [["nil", "int", "double", "string", "boolean", "base64", "array", "array", "struct",
                           "dateTime.iso8601", "nil", "any", "any"]])
        self.assertEqual(self.proxy.system.methodHelp("typed"), "")

    def test_decorator_forms_paths_and_explicit_help(self):
        host = hostbridge.Host(connection_file=False)

        @host.function(name="scene.ls", help="scene.ls(): every node.")
        def list_nodes():
            return ["a"]

        # A path first used while serving is served from the next start(), as in C++.
        @host.function(path="/tools")
        def version():
            return "1.0"
        with host, client(host) as proxy, client(host, "/tools") as tools, client(host, "/RPC2") as rpc2:
            self.assertIn("scene.ls", proxy.system.listMethods())
            self.assertEqual(proxy.system.methodHelp("scene.ls"), "scene.ls(): every node.")
            self.assertEqual(tools.version(), "1.0")
            self.assertEqual(rpc2.scene.ls(), ["a"])
            self.assertNotIn("version", proxy.system.listMethods())

    def test_variadic_and_unbindable_functions(self):
        self.host.bind("count", lambda first, *rest: 1 + len(rest))
        self.assertEqual(self.proxy.count(1, 2, 3), 3)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.proxy.count()
        self.assertEqual(caught.exception.faultString, "expected at least 1 parameters, got 0")

        self.host.bind("largest", max)  # a builtin Python cannot inspect: any arity
        self.assertEqual(self.proxy.largest(3, 9, 4), 9)

        def keyword_only(a, *, b):
            pass
        with self.assertRaises(TypeError):
            self.host.bind("keyword_only", keyword_only)
        with self.assertRaises(ValueError):
            self.host.bind("system.mine", lambda: 1)


class LifeCycle(unittest.TestCase):
    def test_context_manager_connection_file_and_announce(self):
        with hostbridge.Host(token="t" * 40) as host:
            self.assertTrue(host.running)
            self.assertEqual(host.url, f"http://127.0.0.1:{host.port}/")
            self.assertEqual(host.token, "t" * 40)
            with open(host.connection_file) as f:
                written = json.load(f)
            self.assertEqual((written["kind"], written["port"], written["token"], written["pid"]),
                             ("host", host.port, host.token, os.getpid()))
            out = io.StringIO()
            host.announce(out)
            self.assertEqual(out.getvalue(), f"Port:{host.port}\n")
            path = host.connection_file
        self.assertFalse(host.running)
        self.assertEqual(host.port, 0)
        self.assertIsNone(host.connection_file)
        self.assertFalse(os.path.exists(path))

    def test_without_connection_file_and_a_taken_port(self):
        with hostbridge.Host(connection_file=False) as host:
            self.assertIsNone(host.connection_file)
            with self.assertRaises(hostbridge.ServerError) as caught:
                hostbridge.Host(port=host.port, connection_file=False).start()
            self.assertIn(str(host.port), str(caught.exception))
            self.assertIsInstance(caught.exception, OSError)

    def test_restart_serves_again(self):
        host = hostbridge.Host(connection_file=False)
        host.bind("ping2", lambda: "pong")
        for _ in range(2):
            host.start()
            with client(host) as proxy:
                self.assertEqual(proxy.ping2(), "pong")
            host.stop()


if __name__ == "__main__":
    main()
