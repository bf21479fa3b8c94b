#!/usr/bin/env python3
"""The clients a host knows (docs/tools.md), with real processes: hostbridge-demo-host --no-ui
(heartbeat interval 200 ms) and examples/python/example_tool.py on hostbridge_tool.py, started
with subprocess and given the host's address in the environment (as a host that launches a tool
does). Python's stdlib xmlrpc.client and hostbridge-call are the independent peers.

  - the tool prints Port:, writes tool-<pid>.json, is listed "connected" with its port, and its
    function calls the host back;
  - stopped (SIGSTOP) it goes "gone" within a few intervals, and continued it is back;
  - hostbridge-call --reset-client: it says hello again (a new id, the old one unknown);
  - hostbridge-call --disconnect-client: it exits 0, says goodbye, removes its file;
  - a tool without a server (port 0) obeys both through its heartbeats' answers;
  - the raw protocol from xmlrpc.client: hello, heartbeat answers, an unknown id's fault;
  - a tool whose host is killed stops by itself after HOSTBRIDGE_HOST_GRACE;
  - the tool's server applies the checks of docs/security.md (token, Host, Origin, method, type).
Every wait is bounded.
"""
import base64
import http.client
import os
import signal
import subprocess
import sys
import unittest
import xmlrpc.client

from hostbridge_process import ServerProcess, main_with_bin, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "examples", "python"))
UNKNOWN_CLIENT = -32004
BIN = None


def set_bin(path):
    global BIN
    BIN = path


def start_host():
    return ServerProcess([os.path.join(BIN, "hostbridge-demo-host"), "--no-ui", "--port", "0",
                          "--client-heartbeat-interval", "200"], os.environ["HOSTBRIDGE_RUNTIME_DIR"])


def start_tool(host, *arguments, env=None, wait=True):
    """example_tool.py pointed at `host` by the environment, as a launching host does."""
    tool_env = {"HOSTBRIDGE_HOST_URL": "http://127.0.0.1:%d/" % host.port, "HOSTBRIDGE_HOST_TOKEN": host.token}
    tool_env.update(env or {})
    return ServerProcess([sys.executable, os.path.join(EXAMPLES, "example_tool.py")] + list(arguments),
                         os.environ["HOSTBRIDGE_RUNTIME_DIR"], connection_file="tool-{pid}.json", env=tool_env,
                         wait=wait)


class ClientsOfAHost(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.host = start_host()
        cls.rpc = cls.host.proxy()

    @classmethod
    def tearDownClass(cls):
        cls.host.terminate()

    def setUp(self):
        self.tools = []

    def tearDown(self):
        for tool in self.tools:
            tool.kill()

    def tool(self, *arguments, **kwargs):
        tool = start_tool(self.host, *arguments, **kwargs)
        self.tools.append(tool)
        return tool

    def entry_of(self, pid):
        """The host's list entry of process `pid`; None when it is not listed."""
        return next((c for c in self.rpc.hostbridge.clients() if c["pid"] == pid), None)

    def wait_for_state(self, pid, state, timeout=10):
        entry = wait_for(lambda: (self.entry_of(pid) or {}).get("state") == state and self.entry_of(pid), timeout)
        self.assertTrue(entry, "pid %d never became %s: %r" % (pid, state, self.rpc.hostbridge.clients()))
        return entry

    def call(self, *arguments):
        return subprocess.run([os.path.join(BIN, "hostbridge-call"), "--connection", self.host.file]
                              + list(arguments), capture_output=True, text=True, timeout=30)

    def test_a_tool_is_listed_connected_and_calls_its_host_back(self):
        tool = self.tool()
        self.assertEqual(tool.info["kind"], "tool")
        self.assertEqual(tool.info["port"], tool.port)
        entry = self.wait_for_state(tool.pid, "connected")
        self.assertEqual(entry["name"], "example-tool")
        self.assertEqual(entry["port"], tool.port)
        self.assertTrue(entry["since"].endswith("Z") and entry["lastSeen"] >= entry["since"], entry)

        summary = tool.proxy("/RPC2").example.sceneSummary()
        self.assertEqual(summary["nodes"], len(self.rpc.scene.ls()))
        self.assertIn("example-tool", tool.proxy("/").example.greet("Ada"))

        listing = self.call("--clients")
        self.assertEqual(listing.returncode, 0, listing.stderr)
        line = next(l for l in listing.stdout.splitlines() if entry["id"] in l)
        self.assertIn("example-tool", line)
        self.assertIn(str(tool.port), line)
        self.assertTrue(listing.stdout.startswith("ID "), listing.stdout)

    def test_a_tool_that_stops_heartbeating_is_gone_and_comes_back(self):
        tool = self.tool()
        self.wait_for_state(tool.pid, "connected")
        os.kill(tool.pid, signal.SIGSTOP)
        try:
            self.wait_for_state(tool.pid, "gone", timeout=5)  # 5 intervals: 1 s
        finally:
            os.kill(tool.pid, signal.SIGCONT)
        self.wait_for_state(tool.pid, "connected", timeout=5)

    def test_reset_from_hostbridge_call_makes_the_tool_say_hello_again(self):
        tool = self.tool()
        first = self.wait_for_state(tool.pid, "connected")["id"]
        result = self.call("--reset-client", first)
        self.assertEqual((result.returncode, result.stdout.strip()), (0, "true"), result.stderr)
        again = wait_for(lambda: (self.entry_of(tool.pid) or {}).get("id") not in (None, first), 10)
        self.assertTrue(again, "no new hello from pid %d" % tool.pid)
        self.assertEqual(sum(1 for c in self.rpc.hostbridge.clients() if c["pid"] == tool.pid), 1)
        with self.assertRaises(xmlrpc.client.Fault) as raised:
            self.rpc.hostbridge.heartbeat(first)
        self.assertEqual(raised.exception.faultCode, UNKNOWN_CLIENT)
        self.assertIsNone(tool.proc.poll(), "a reset does not end the tool")

    def test_disconnect_from_hostbridge_call_makes_the_tool_exit(self):
        tool = self.tool()
        client_id = self.wait_for_state(tool.pid, "connected")["id"]
        result = self.call("--disconnect-client", client_id)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(tool.wait(10), 0)
        self.assertIsNone(self.entry_of(tool.pid), "it said goodbye")
        self.assertFalse(os.path.exists(tool.file), "it removed its connection file")

    def test_a_tool_without_a_server_obeys_through_its_heartbeats(self):
        tool = self.tool("--no-server", "--name", "script", wait=False)
        first = self.wait_for_state(tool.pid, "connected")
        self.assertEqual(first["port"], 0)
        self.rpc.hostbridge.resetClient(first["id"])
        self.assertTrue(wait_for(lambda: (self.entry_of(tool.pid) or {}).get("id") not in (None, first["id"]), 10))
        self.rpc.hostbridge.disconnectClient(self.entry_of(tool.pid)["id"])
        self.assertEqual(tool.wait(10), 0)
        self.assertIsNone(self.entry_of(tool.pid))

    def test_the_raw_protocol_from_xmlrpc_client(self):
        answer = self.rpc.hostbridge.hello({"name": "raw", "pid": os.getpid(), "port": 0})
        self.assertEqual(answer["heartbeatInterval"], 0.2)
        self.assertEqual(self.rpc.hostbridge.heartbeat(answer["id"]), {})
        self.assertEqual(self.rpc.hostbridge.heartbeat(answer["id"], True), {})
        self.assertEqual(self.entry_of(os.getpid())["state"], "busy")
        self.assertIs(self.rpc.hostbridge.resetClient(answer["id"]), True)
        self.assertEqual(self.rpc.hostbridge.heartbeat(answer["id"]), {"command": "reset"})
        self.assertEqual(self.rpc.hostbridge.heartbeat(answer["id"]), {})
        self.assertIs(self.rpc.hostbridge.goodbye(answer["id"]), True)
        for method in ("heartbeat", "goodbye", "resetClient", "disconnectClient"):
            with self.assertRaises(xmlrpc.client.Fault) as raised:
                getattr(self.rpc.hostbridge, method)(answer["id"])
            self.assertEqual(raised.exception.faultCode, UNKNOWN_CLIENT, method)
        listed = self.rpc.system.listMethods()
        for name in ("hostbridge.hello", "hostbridge.clients", "hostbridge.resetClient"):
            self.assertIn(name, listed)

    def test_a_tool_whose_host_is_killed_stops_by_itself(self):
        host = start_host()
        try:
            tool = start_tool(host, env={"HOSTBRIDGE_HOST_GRACE": "1"})
            self.tools.append(tool)
            host.proxy().hostbridge.clients()  # it serves
            self.assertTrue(wait_for(lambda: host.proxy().hostbridge.clients(), 5))
        finally:
            host.kill()
        self.assertEqual(tool.wait(10), 0)
        self.assertIn("stopping", tool.stderr_text())

    def test_the_tools_server_applies_the_security_checks(self):
        tool = self.tool()
        body = xmlrpc.client.dumps(("Ada",), "example.greet").encode()
        good = {"Content-Type": "text/xml", "Authorization": "Bearer " + tool.token}
        basic = "Basic " + base64.b64encode(b"any:" + tool.token.encode()).decode()
        cases = [
            ("POST", good, 200),
            ("POST", dict(good, Authorization=basic), 200),
            ("POST", dict(good, Authorization="Bearer " + "0" * 64), 401),
            ("POST", {"Content-Type": "text/xml"}, 401),
            ("POST", dict(good, Host="evil.example:%d" % tool.port), 403),
            ("POST", dict(good, Origin="http://evil.example"), 403),
            ("POST", dict(good, **{"Sec-Fetch-Site": "cross-site"}), 403),
            ("POST", dict(good, **{"Content-Type": "text/plain"}), 415),
            ("GET", good, 405),
        ]
        for method, headers, status in cases:
            connection = http.client.HTTPConnection("127.0.0.1", tool.port, timeout=10)
            try:
                connection.putrequest(method, "/RPC2", skip_host="Host" in headers)
                for name, value in headers.items():
                    connection.putheader(name, value)
                connection.putheader("Content-Length", str(len(body)))
                connection.endheaders(body)
                response = connection.getresponse()
                response.read()
                self.assertEqual(response.status, status, (method, headers))
            finally:
                connection.close()


if __name__ == "__main__":
    main_with_bin(set_bin)
