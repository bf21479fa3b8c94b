#!/usr/bin/env python3
"""hostbridge-ui and the real hostbridge-demo-host, end to end: show's autoValidate and
autoPublish, comments reaching the host's data, targets, and the Log's header, all through the
UI's ui.* functions.

    test_ui_comments_auto.py --bin BUILD/bin [unittest options]

The test plays the host's show() (with the host's token from its connection file), as a
HostBridge host's UI link does, then reads the host's context with Python's stdlib
xmlrpc.client: the independent peer. Every process is killed in tearDown; every wait is bounded.
"""
import os
import shutil
import tempfile
import unittest
import xmlrpc.client

import hostbridge_process
from hostbridge_process import ServerProcess, wait_for

BIN = None
RUNTIME_DIR = None
WAIT_S = 30  # a run of the demo scene takes well under a second; this bounds a stuck one


class UiWithDemoHost(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="hostbridge-comments-")
        env = {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        self.ui = ServerProcess([os.path.join(BIN, "hostbridge-ui"), "--port", "0"], RUNTIME_DIR,
                                connection_file="ui-{port}.json", env=env, start_timeout=20)
        self.host = ServerProcess([os.path.join(BIN, "hostbridge-demo-host"), "--no-ui", "--output", self.tmp],
                                  RUNTIME_DIR)

    def tearDown(self):
        self.ui.kill()
        self.host.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def show(self, **settings):
        self.assertTrue(self.ui.proxy("/").show(self.host.port, {"HostToken": self.host.token, **settings}))

    def runs(self, phase):
        """The runs of `phase` ui.timings keeps (the last 8 of all: these tests make fewer)."""
        return [r for r in self.ui.proxy("/").ui.timings()["runs"] if r["phase"] == phase]

    def wait_run(self, phase, before=0):
        """Waits until a run of `phase` beyond the first `before` has ended and the window is
        idle; returns its ok."""
        ui = self.ui.proxy("/")
        ended = wait_for(lambda: len(self.runs(phase)) > before and ui.ui.state()["phase"] == "idle", timeout=WAIT_S)
        self.assertTrue(ended, f"no {phase} run ended: {ui.ui.state()}")
        return self.runs(phase)[-1]["ok"]

    def log_messages(self):
        return [line["message"] for line in self.ui.proxy("/").ui.log(0)]

    def test_auto_validate_then_comments_reach_the_host(self):
        self.show(autoValidate=True)
        self.wait_run("validating")
        ui = self.ui.proxy("/")
        messages = self.log_messages()
        self.assertIn("Validation started", messages)
        header = [m for m in messages if m.startswith("Host ")]
        self.assertTrue(header, messages)
        self.assertIn(f"on port {self.host.port}", header[0])
        self.assertIn("versions: HostBridge UI", header[0])
        self.assertIn("targets: default", header[0])

        # The artist writes the publish's comment (two lines) and one instance's.
        self.assertTrue(ui.ui.setComment("Fixed the rig\nsecond line"))
        instances = self.host.proxy("/pyblish").context()["children"]
        name = instances[0]["name"]
        self.assertTrue(ui.ui.setComment("only this one", name))
        self.assertFalse(ui.ui.setComment("nobody", "no such instance"))
        self.assertEqual(ui.ui.state()["comment"], "Fixed the rig\nsecond line")

        def commented():
            context = self.host.proxy("/pyblish").context()
            comments = {i["name"]: i["data"].get("comment") for i in context["children"]}
            return context["data"].get("comment") == "Fixed the rig\nsecond line" and \
                comments.get(name) == "only this one" and (context, comments)
        found = wait_for(commented, timeout=WAIT_S)
        self.assertTrue(found, self.host.proxy("/pyblish").context())
        _, comments = found
        self.assertEqual([n for n, c in comments.items() if c], [name])

    def test_auto_publish_and_a_comment_kept_over_a_reset(self):
        self.show(autoPublish=True, targets=["farm"])
        self.wait_run("publishing")
        ui = self.ui.proxy("/")
        self.assertEqual(ui.ui.state()["targets"], ["farm"])
        self.assertIn("Publish started", self.log_messages())
        self.assertNotIn("Validation started", self.log_messages())  # the publish validates itself
        self.assertTrue([m for m in self.log_messages() if m.startswith("Host ") and "targets: default, farm" in m])

        # A comment given, then a reset: the host's fresh context gets it again before the run.
        self.assertTrue(ui.ui.setComment("take 2"))
        resets = len(self.runs("resetting"))
        self.assertTrue(ui.ui.run("reset"))
        self.wait_run("resetting", resets)
        self.assertEqual(self.host.proxy("/pyblish").context()["data"].get("comment"), None)
        self.assertEqual(ui.ui.state()["comment"], "take 2")  # the artist's, not the fresh context's
        self.assertTrue(ui.ui.run("validate"))
        self.wait_run("validating")
        self.assertEqual(self.host.proxy("/pyblish").context()["data"].get("comment"), "take 2")

    def test_no_auto_run_unless_asked(self):
        self.show()
        self.wait_run("resetting")
        self.assertFalse(wait_for(lambda: "Validation started" in self.log_messages(), timeout=1))
        # The other ui.* functions docs/ui.md lists answer what it says.
        ui = self.ui.proxy("/")
        self.assertIs(ui.ui.showView("log"), True)
        self.assertIs(ui.ui.showView("elsewhere"), False)
        self.assertIs(ui.ui.switchHost(self.host.port), True)  # already the current host
        self.assertIs(ui.ui.switchHost(1), False)               # a host it does not know
        state = ui.ui.state()
        self.assertEqual(set(state), {"phase", "status", "hasError", "done", "total", "hostPort", "live",
                                      "liveFraction", "logLines", "comment", "targets"})
        self.assertEqual(state["hostPort"], self.host.port)
        lines = ui.ui.log(0)
        self.assertEqual(len(lines), state["logLines"])
        self.assertEqual(lines[0]["kind"], "separator")
        self.assertEqual(ui.ui.log(1), lines[1:])
        self.assertEqual(ui.ui.run("stop"), False)  # nothing runs
        with self.assertRaises(xmlrpc.client.Fault):  # a known key of the wrong type, checked first
            self.show(autoValidate="yes")


def set_bin(path):
    global BIN, RUNTIME_DIR
    BIN = path
    RUNTIME_DIR = os.environ.get("HOSTBRIDGE_RUNTIME_DIR") or tempfile.mkdtemp(prefix="hostbridge-rt-")
    os.makedirs(RUNTIME_DIR, exist_ok=True)


if __name__ == "__main__":
    hostbridge_process.main_with_bin(set_bin)
