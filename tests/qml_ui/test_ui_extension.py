#!/usr/bin/env python3
"""hostbridge-ui --extension: a studio's QML file registers functions on the real UI process,
and the example script (examples/ui_extension/call_studio_tools.py) calls them over the wire
with the UI's token, next to a function bound in C++ (ui.state). An extension that does not
load ends the UI with exit code 1 and a message naming the file, before it serves."""
import os, subprocess, sys, tempfile, unittest, xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
from hostbridge_process import ServerProcess, main_with_bin  # noqa: E402

EXTENSION = os.path.join(ROOT, "examples", "ui_extension", "StudioTools.qml")
SCRIPT = os.path.join(ROOT, "examples", "ui_extension", "call_studio_tools.py")
BIN = None


class UiExtension(unittest.TestCase):
    def setUp(self):
        self.runtime = tempfile.TemporaryDirectory(prefix="hostbridge-ext-")

    def tearDown(self):
        self.runtime.cleanup()

    def start_ui(self, *extra, wait=True):
        return ServerProcess([os.path.join(BIN, "hostbridge-ui"), "--port", "0"] + list(extra), self.runtime.name,
                             connection_file="ui-{port}.json", wait=wait)

    def test_functions_from_qml_and_cpp_over_the_wire(self):
        ui = self.start_ui("--extension", EXTENSION)
        try:
            methods = ui.proxy("/").system.listMethods()
            self.assertIn("studio.greet", methods)
            self.assertIn("studio.frameRange", methods)
            self.assertIn("ui.state", methods)
            run = subprocess.run([sys.executable, SCRIPT, "--port", str(ui.port)], capture_output=True, text=True,
                                 timeout=60, env=dict(os.environ, HOSTBRIDGE_RUNTIME_DIR=self.runtime.name))
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertIn("Hello Ada, from the publishing UI", run.stdout)
            self.assertIn("{'count': 96, 'first': 1001, 'last': 1096}", run.stdout)
            self.assertIn("fault -32500: studio.frameRange: the last frame (10) is before the first (20)", run.stdout)
            self.assertIn("'phase': 'idle'", run.stdout)
            # Without the token, the studio's functions are refused like every other method.
            with self.assertRaises(xmlrpc.client.ProtocolError):
                ui.proxy("/", token=False).studio.greet("x")
        finally:
            ui.terminate()
            ui.kill()

    def test_broken_extension_ends_the_ui_with_a_message(self):
        with tempfile.NamedTemporaryFile("w", suffix=".qml", delete=False) as broken:
            broken.write("import QtQml\nQtObject { this is not QML }\n")
        try:
            ui = self.start_ui("--extension", broken.name, wait=False)
            code = ui.wait(timeout=30)
            ui.kill()
            self.assertEqual(code, 1)
            self.assertIn("the extension %s could not be loaded" % broken.name, ui.stderr_text())
        finally:
            os.unlink(broken.name)


def set_bin(path):
    global BIN
    BIN = path


if __name__ == "__main__":
    main_with_bin(set_bin)
