#!/usr/bin/env python3
"""The UI link from Python: a Python host serving hostbridge.publish plug-ins launches the real
build/bin/hostbridge-ui (offscreen, on a free test port, never 9090); the UI, driven by its
ui.run function as tests/e2e drive it, resets and publishes through the Python plug-ins, their
records reach its log live (ui.log), a notice shows, and ask() answers its default when the
question times out while the main thread keeps serving. Bounded in time."""
import json
import os
import signal
import sys
import threading
import time
import unittest
import xmlrpc.client

import hostbridge
import package_support
from hostbridge import publish
from hostbridge_process import TimeoutTransport, alive, wait_for
from loopback_ports import unused_port

DEADLINE_S = 60
# Set by the test's UI driver when the UI's log shows the extractor's first record: the extractor
# waits for it, so a record seen then reached the UI live, while its plug-in still ran.
SEEN_LIVE = threading.Event()
LIVE_WAITS = []


class CollectShots(publish.ContextPlugin):
    order = publish.CollectorOrder
    label = "Collect shots"

    def process(self, context):
        for name in ("sh010", "sh020"):
            context.create_instance(name, family="shot", frames=24)
        self.log.info("collected %d shots", len(context))


class ValidateFrames(publish.InstancePlugin):
    order = publish.ValidatorOrder
    families = ["shot"]
    label = "Frame range"

    def process(self, instance):
        self.log.debug("%s has %d frames", instance.name, instance.data["frames"])


class ExtractShots(publish.InstancePlugin):
    order = publish.ExtractorOrder
    families = ["shot"]
    label = "Write shots"

    def process(self, instance):
        for step in range(1, 4):
            self.log.info("writing %s part %d", instance.name, step)
            self.progress(step, 3, f"part {step} of 3")
            if instance.name == "sh010" and step == 1:
                LIVE_WAITS.append(SEEN_LIVE.wait(10))
            time.sleep(0.1)


class IntegrateShots(publish.ContextPlugin):
    order = publish.IntegratorOrder
    label = "Integrate shots"

    def process(self, context):
        self.log.warning("integrated %d shots", len(context))


class PythonHostWithUi(unittest.TestCase):
    def setUp(self):
        self.ui_port = unused_port()
        self.ui_pids = set()

    def tearDown(self):
        for pid in self.ui_pids:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        wait_for(lambda: not any(alive(p) for p in self.ui_pids), timeout=10)

    def ui_info(self):
        try:
            with open(os.path.join(os.environ["HOSTBRIDGE_RUNTIME_DIR"], f"ui-{self.ui_port}.json")) as f:
                info = json.load(f)
        except (OSError, ValueError):
            return None
        self.ui_pids.add(info["pid"])
        return info

    def ui(self, timeout=10):
        info = self.ui_info()
        return xmlrpc.client.ServerProxy(f"http://any:{info['token']}@127.0.0.1:{self.ui_port}/", allow_none=True,
                                         transport=TimeoutTransport(timeout))

    def test_the_ui_publishes_from_a_python_host(self):
        host = hostbridge.Host(connection_file=False)
        service = publish.serve(host, plugins=[CollectShots, ValidateFrames, ExtractShots, IntegrateShots],
                                host_name="python")
        published = []
        service.on_emit(lambda signal, kwargs: published.append(service.report()) if signal == "published" else None)
        outcome = {}

        def drive():  # what an artist does, through ui.run, on a thread of its own
            try:
                self.assertTrue(wait_for(self.ui_info, timeout=20), "the UI did not start")
                with self.ui() as ui:
                    self.assertTrue(wait_for(lambda: ui.ui.run("reset"), timeout=20), ui.ui.state())
                    self.assertTrue(wait_for(lambda: ui.ui.run("publish"), timeout=20), ui.ui.state())
                    if wait_for(lambda: any(l["message"] == "writing sh010 part 1" for l in ui.ui.log(0)), timeout=10):
                        SEEN_LIVE.set()
                    self.assertTrue(wait_for(lambda: published, timeout=20), ui.ui.state())
                    outcome["state"] = ui.ui.state()
                    outcome["log"] = ui.ui.log(0)
            except BaseException as e:  # re-raised on the main thread
                outcome["error"] = e

        with host:
            # No ui_path, no $HOSTBRIDGE_UI: the package finds the UI of the build tree it belongs to.
            os.environ.pop("HOSTBRIDGE_UI", None)
            self.assertEqual(hostbridge._layout.ui_directories(), [os.path.realpath(package_support.BIN_DIR)])
            link = host.link_ui(ui_port=self.ui_port, keep_alive=False, heartbeat_interval=0.3)
            link.show({"ContextLabel": "python shots", "WindowTitle": "Publish (Python)"})
            driver = threading.Thread(target=drive, daemon=True)
            driver.start()
            deadline = time.monotonic() + DEADLINE_S
            while driver.is_alive() and time.monotonic() < deadline:  # this thread is the main thread
                host.executor.wait(0.05)
                host.executor.pump()
            self.assertFalse(driver.is_alive(), "the UI did not publish in time")
            if "error" in outcome:
                raise outcome["error"]
            self.assertEqual(link.state, "connected")
            self.assertTrue(link.status["launched_ui"])

            link.notify("warning", "From Python", "a notice")
            with self.ui() as ui:
                self.assertTrue(wait_for(lambda: [l for l in ui.ui.log(0) if l["level"] == 30
                                                  and "From Python a notice" in l["message"]], timeout=10), ui.ui.log(0))
            started = time.monotonic()
            self.assertEqual(link.ask("Publish again?", ["Yes", "No"], "No", timeout=1.0), "No")
            self.assertLess(time.monotonic() - started, 15)
            with self.assertRaises(ValueError):
                link.ask("Only one choice?", ["Yes"])

        self.assertEqual(LIVE_WAITS, [True])  # the record reached the UI while its plug-in ran
        report = published[0]
        self.assertTrue(report.success, report.formatted)
        ran = [r["plugin"]["name"] for r in report.results]
        self.assertEqual(ran, ["CollectShots", "ValidateFrames", "ValidateFrames", "ExtractShots", "ExtractShots",
                               "IntegrateShots"])
        self.assertEqual(outcome["state"]["phase"], "idle")
        self.assertFalse(outcome["state"]["hasError"], outcome["state"])
        records = [(l["plugin"], l["level"], l["message"]) for l in outcome["log"] if l["kind"] == "record"]
        for expected in [("Collect shots", 20, "collected 2 shots"),  # the levels of logging (LogLevel)
                         ("Frame range", 10, "sh010 has 24 frames"),
                         ("Write shots", 20, "writing sh020 part 3"),
                         ("Integrate shots", 30, "integrated 2 shots")]:
            self.assertIn(expected, records)
        # Every record once, though each came live and again with its Result.
        writes = [m for p, _, m in records if p == "Write shots"]
        self.assertEqual(len(writes), 6, writes)


if __name__ == "__main__":
    package_support.main()
