#!/usr/bin/env python3
"""examples/python/, run as a user runs them, against a real hostbridge-demo-host --no-ui.

    test_python_examples.py --bin BUILD/bin [unittest options]

Each test starts its own demo host in a runtime directory of its own (under
$HOSTBRIDGE_RUNTIME_DIR, which CTest sets), so the scripts find it through its connection file
exactly as they would on an artist's machine. Standard library only; every subprocess has a
timeout and every host is killed in tearDown.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.parse
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "examples", "python"))
import hostbridge_process  # noqa: E402

SCRIPT_TIMEOUT_S = 60  # a whole headless publish takes well under a second
HOST_BIN = None
RUNTIME_ROOT = None


class PythonExamplesTest(unittest.TestCase):
    def setUp(self):
        os.makedirs(RUNTIME_ROOT, exist_ok=True)
        self.runtime = tempfile.mkdtemp(prefix="runtime-", dir=RUNTIME_ROOT)
        self.output = tempfile.mkdtemp(prefix="output-", dir=RUNTIME_ROOT)
        self.host = hostbridge_process.ServerProcess(
            [HOST_BIN, "--no-ui", "--port", "0", "--output", self.output], self.runtime)

    def tearDown(self):
        self.host.kill()

    def script(self, name, *args, stdin=None, runtime=None):
        env = dict(os.environ, HOSTBRIDGE_RUNTIME_DIR=runtime or self.runtime)
        result = subprocess.run([sys.executable, os.path.join(EXAMPLES, name), *args], input=stdin,
                                capture_output=True, text=True, timeout=SCRIPT_TIMEOUT_S, env=env)
        self.assertNotIn(self.host.token, result.stdout + result.stderr, "a script printed the token")
        return result

    def assertExit(self, result, code):
        self.assertEqual(result.returncode, code, "stdout: %s\nstderr: %s" % (result.stdout, result.stderr))

    def names(self):
        with self.host.proxy() as proxy:
            return [node["name"] for node in proxy.scene.ls()]

    def test_call_function(self):
        result = self.script("call_function.py", "scene.rename", "tree_geo", "tree_GEO")
        self.assertExit(result, 0)
        self.assertEqual(result.stdout.strip(), '"tree_GEO"')
        self.assertIn("tree_GEO", self.names())
        result = self.script("call_function.py", "scene.select", '["hero_GEO"]')
        self.assertExit(result, 0)
        self.assertIn("hero_GEO", result.stdout)
        faulted = self.script("call_function.py", "scene.rename", "no_such_node", "x_GEO")
        self.assertExit(faulted, 1)
        self.assertRegex(faulted.stderr, r"^fault 1: ")

    def test_call_function_with_the_connection_file_named(self):
        result = self.script("call_function.py", "--connection", self.host.file, "scene.ls",
                             runtime=tempfile.mkdtemp(prefix="empty-", dir=RUNTIME_ROOT))
        self.assertExit(result, 0)
        self.assertIn("tree_geo", result.stdout)

    def test_no_host(self):
        result = self.script("call_function.py", "scene.ls", runtime=tempfile.mkdtemp(prefix="empty-", dir=RUNTIME_ROOT))
        self.assertExit(result, 2)
        self.assertIn("no running host", result.stderr)

    def test_a_path_not_served_is_one_line_without_the_token(self):
        # Over the host's socket, which its connection file offers: the error names the socket.
        result = self.script("list_methods.py", "--path", "/nowhere")
        self.assertExit(result, 3)
        self.assertEqual(result.stderr.strip(), "list_methods.py: %s/nowhere: HTTP 404 Not Found"
                         % urllib.parse.quote(self.host_info()["socket"], safe=""))
        # Over the port, from a file without "socket" (as older hosts write).
        result = self.script("list_methods.py", "--connection", self.file_without_socket(), "--path", "/nowhere")
        self.assertExit(result, 3)
        self.assertEqual(result.stderr.strip(),
                         "list_methods.py: 127.0.0.1:%d/nowhere: HTTP 404 Not Found" % self.host.port)

    def host_info(self):
        with open(self.host.file, encoding="utf-8") as f:
            return json.load(f)

    def file_without_socket(self):
        info = self.host_info()
        del info["socket"]
        directory = tempfile.mkdtemp(prefix="tcp-", dir=RUNTIME_ROOT)
        path = os.path.join(directory, "host-tcp.json")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w", encoding="utf-8") as f:
            json.dump(info, f)
        return path

    def test_the_helper_calls_over_the_socket_the_connection_file_offers(self):
        sys.path.insert(0, EXAMPLES)
        try:
            import hostbridge_connect
        finally:
            sys.path.remove(EXAMPLES)
        info = hostbridge_connect.read_connection_file(self.host.file)
        self.assertTrue(os.path.basename(info["socket"]).startswith("host-"), info)
        host = hostbridge_connect.proxy(info)
        self.assertIsInstance(host("transport"), hostbridge_connect.UnixSocketTransport)
        self.assertIn("tree_geo", [node["name"] for node in host.scene.ls()])
        self.assertIn("tree_geo", [node["name"] for node in host.scene.ls()])  # the kept connection
        # A wrong token is refused on the socket as on the port.
        wrong = hostbridge_connect.proxy(dict(info, token="wrong"))
        with self.assertRaises(xmlrpc.client.ProtocolError) as refused:
            wrong.scene.ls()
        self.assertEqual(refused.exception.errcode, 401)
        # Without "socket" in the file: over the port.
        tcp = hostbridge_connect.proxy({k: v for k, v in info.items() if k != "socket"})
        self.assertNotIsInstance(tcp("transport"), hostbridge_connect.UnixSocketTransport)
        self.assertIn("tree_geo", [node["name"] for node in tcp.scene.ls()])

    def test_list_methods(self):
        result = self.script("list_methods.py")
        self.assertExit(result, 0)
        lines = {line.split()[0]: line for line in result.stdout.splitlines()}
        self.assertIn("renames a node", lines["scene.rename"])
        self.assertIn("(string, string) -> string", lines["scene.rename"])
        self.assertIn("system.multicall", lines)
        pyblish = self.script("list_methods.py", "--path", "/pyblish")
        self.assertExit(pyblish, 0)
        self.assertIn("process", {line.split()[0] for line in pyblish.stdout.splitlines()})

    def test_headless_publish_stops_on_failed_validation_then_repairs_and_publishes(self):
        published = os.path.join(self.output, "publish")
        stopped = self.script("headless_publish.py")
        self.assertExit(stopped, 1)
        self.assertIn("FAIL  ValidateNaming on tree_geo", stopped.stdout)
        self.assertIn("stopped: failed validation", stopped.stdout)
        self.assertFalse(os.path.exists(published) and os.listdir(published), "published despite the failure")

        done = self.script("headless_publish.py", "--repair")
        self.assertExit(done, 0)
        self.assertIn("ok    repair ValidateNaming", done.stdout)
        self.assertTrue(done.stdout.rstrip().endswith("published"), done.stdout)
        with self.host.proxy("/pyblish") as pyblish:
            instances = [i["name"] for i in pyblish.context()["children"]]
        self.assertIn("tree_GEO", instances)
        for name in instances:
            folder = os.path.join(published, name, "v001")
            self.assertTrue(os.path.isdir(folder) and os.listdir(folder), folder)

    def test_headless_validate_only(self):
        result = self.script("headless_publish.py", "--validate-only", "--repair")
        self.assertExit(result, 0)
        self.assertTrue(result.stdout.rstrip().endswith("validated"), result.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.output, "publish")))

    def test_console_from_a_pipe(self):
        commands = "\n".join([
            "print(host.scene.rename('tree_geo', 'tree_GEO'))",
            "print(sorted(n['name'] for n in host.scene.ls())[-1])",
            "print(pyblish.ping()['message'] != '')",
            "methods()",
            "host.no_such_method()",
            "print('still here')",
        ]) + "\n"
        result = self.script("console.py", stdin=commands)
        self.assertExit(result, 0)
        out = result.stdout.splitlines()
        self.assertEqual(out[:3], ["tree_GEO", "witness_CAM", "True"])
        self.assertTrue(any(line.startswith("scene.block ") for line in out), out)
        self.assertEqual(out[-1], "still here")
        self.assertIn("Fault", result.stderr)  # the failed call's traceback; the console went on
        self.assertIn("tree_GEO", self.names())


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    args, rest = parser.parse_known_args()
    HOST_BIN = os.path.join(os.path.abspath(args.bin), "hostbridge-demo-host")
    RUNTIME_ROOT = os.environ.get("HOSTBRIDGE_RUNTIME_DIR") or tempfile.mkdtemp(prefix="hostbridge-examples-")
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
