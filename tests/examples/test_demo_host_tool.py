"""hostbridge-demo-host --tool examples/python/example_tool.py: the host launches the tool through
its ToolLink, tool.sceneSummary() asks the tool, which calls the host's scene.ls back; the tool is
listed among the host's clients, and it stops with the host."""
import os
import sys
import tempfile
import unittest

from hostbridge_process import ServerProcess, alive, main_with_bin, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE_TOOL = os.path.normpath(os.path.join(HERE, "..", "..", "examples", "python", "example_tool.py"))
BIN = None


def set_bin(path):
    global BIN
    BIN = path


class DemoHostLaunchesATool(unittest.TestCase):
    def test_the_host_calls_its_tool_which_calls_the_host_back(self):
        base = os.environ["HOSTBRIDGE_RUNTIME_DIR"]
        os.makedirs(base, mode=0o700, exist_ok=True)
        runtime = tempfile.mkdtemp(prefix="demo-tool-", dir=base)  # this host is the only one here
        host = ServerProcess([os.path.join(BIN, "hostbridge-demo-host"), "--no-ui", "--port", "0",
                              "--client-heartbeat-interval", "200", "--tool", EXAMPLE_TOOL], runtime,
                             # the python3 running this test, not a wrapper script (pyenv's shims)
                             env={"PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]})
        try:
            rpc = host.proxy()
            summary = rpc.tool.sceneSummary()  # waits (bounded) for the tool's Port: line
            nodes = rpc.scene.ls()
            self.assertEqual(summary["nodes"], len(nodes))
            self.assertEqual(summary["families"], sorted({n["family"] for n in nodes}))
            self.assertIn("Hello, artist, from example-tool", rpc.tool.greet("artist"))
            self.assertTrue(wait_for(lambda: [c for c in rpc.hostbridge.clients()
                                              if c["name"] == "example-tool" and c["state"] == "connected"],
                                     timeout=10), rpc.hostbridge.clients())
            tool_pid = next(c["pid"] for c in rpc.hostbridge.clients() if c["name"] == "example-tool")
            self.assertIn("tool: port: Port:", host.stderr_text())
        finally:
            host.terminate()
        self.assertTrue(wait_for(lambda: not alive(tool_pid), timeout=15), "the tool outlived the demo host")


if __name__ == "__main__":
    main_with_bin(set_bin)
