#!/usr/bin/env python3
"""The publishing UI as a client of its host (docs/tools.md), with the real processes:
hostbridge-demo-host --no-ui (client heartbeat interval 200 ms) and hostbridge-ui offscreen on a
free port, linked to it by --host-port with $HOSTBRIDGE_HOST_TOKEN, or by a show() carrying the
host's token (what a host's UI link sends).

  - the linked UI is listed by the host: name "hostbridge-ui", its pid and port, "connected";
  - hostbridge-call --reset-client: the UI says hello again (a new id) and keeps running;
  - hostbridge-call --disconnect-client: the UI quits cleanly (exit 0) and says goodbye;
  - a UI the host launched and keeps alive (its UI link) quits on a disconnect and is not
    launched again.
Every wait is bounded.
"""
import json
import os
import signal
import subprocess
import time
import unittest

from hostbridge_process import ServerProcess, alive, main_with_bin, wait_for
from loopback_ports import unused_port

BIN = None


def set_bin(path):
    global BIN
    BIN = path


class UiAsAClient(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.runtime = os.environ["HOSTBRIDGE_RUNTIME_DIR"]
        cls.host = ServerProcess([os.path.join(BIN, "hostbridge-demo-host"), "--no-ui", "--port", "0",
                                  "--client-heartbeat-interval", "200"], cls.runtime)
        cls.rpc = cls.host.proxy()

    @classmethod
    def tearDownClass(cls):
        cls.host.terminate()

    def start_ui(self, *arguments, env=None):
        ui = ServerProcess([os.path.join(BIN, "hostbridge-ui"), "--port", "0"] + list(arguments), self.runtime,
                           connection_file="ui-{port}.json", env=env)
        self.addCleanup(ui.kill)
        return ui

    def entry_of(self, pid):
        return next((c for c in self.rpc.hostbridge.clients() if c["pid"] == pid), None)

    def listed(self, ui, not_id=None):
        entry = wait_for(lambda: (lambda e: e if e and e["state"] == "connected" and e["id"] != not_id else None)(
            self.entry_of(ui.pid)), 15)
        self.assertTrue(entry, "the UI (pid %d) is not listed: %r" % (ui.pid, self.rpc.hostbridge.clients()))
        return entry

    def call(self, *arguments):
        result = subprocess.run([os.path.join(BIN, "hostbridge-call"), "--connection", self.host.file]
                                + list(arguments), capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_a_ui_linked_by_host_port_is_listed_resets_and_disconnects(self):
        ui = self.start_ui("--host-port", str(self.host.port), env={"HOSTBRIDGE_HOST_TOKEN": self.host.token})
        entry = self.listed(ui)
        self.assertEqual((entry["name"], entry["port"]), ("hostbridge-ui", ui.port))

        self.assertEqual(self.call("--reset-client", entry["id"]).strip(), "true")
        again = self.listed(ui, not_id=entry["id"])
        self.assertIsNone(ui.proc.poll(), "a reset does not end the UI")
        self.assertEqual(ui.proxy().ping()["application"], "hostbridge-ui")

        self.call("--disconnect-client", again["id"])
        self.assertEqual(ui.wait(15), 0)
        self.assertIsNone(self.entry_of(ui.pid), "the UI said goodbye")

    def test_a_ui_shown_with_the_hosts_token_greets_it(self):
        ui = self.start_ui()
        self.assertIsNone(self.entry_of(ui.pid))
        ui.proxy().show(self.host.port, {"HostToken": self.host.token})
        entry = self.listed(ui)
        self.assertIn(entry["id"], self.call("--clients"))
        self.call("--disconnect-client", entry["id"])
        self.assertEqual(ui.wait(15), 0)

    def test_a_ui_the_host_keeps_alive_is_not_launched_again_after_a_disconnect(self):
        ui_port = unused_port()
        host = ServerProcess([os.path.join(BIN, "hostbridge-demo-host"), "--port", "0", "--ui-port", str(ui_port),
                              "--ui", os.path.join(BIN, "hostbridge-ui"), "--heartbeat-interval", "200",
                              "--client-heartbeat-interval", "200"], self.runtime)
        self.addCleanup(host.kill)
        self.addCleanup(self.kill_ui_on, ui_port)  # launched detached: not a child of anyone here
        rpc = host.proxy()

        def uis():
            return [c for c in rpc.hostbridge.clients() if c["name"] == "hostbridge-ui" and c["state"] == "connected"]

        shown = wait_for(uis, 30)
        self.assertTrue(shown, "the launched UI never said hello: %r" % rpc.hostbridge.clients())
        rpc.hostbridge.disconnectClient(shown[0]["id"])
        self.assertTrue(wait_for(lambda: not alive(shown[0]["pid"]), 15), "the UI did not quit")
        time.sleep(3)  # fifteen of the link's heartbeat intervals: a relaunch would have said hello by now
        self.assertEqual(uis(), [])

    def kill_ui_on(self, ui_port):
        try:
            with open(os.path.join(self.runtime, "ui-%d.json" % ui_port), encoding="utf-8") as f:
                os.kill(json.load(f)["pid"], signal.SIGKILL)
        except (OSError, ValueError, KeyError):
            pass


if __name__ == "__main__":
    main_with_bin(set_bin)
