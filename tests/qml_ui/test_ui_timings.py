#!/usr/bin/env python3
"""ui.timings and ui.markFrames (qml_ui/ui_timings.hpp) against the real processes: the UI
offscreen, shown by hostbridge-bench-host through its UI link, then reset from it.

    test_ui_timings.py --bin BUILD/bin [unittest options]

The figures must be real, not only present: start, serving and first frame in that order on
the caller's clock; the context's rows as the host made them, its times in order; frames keep
coming while the window is kept rendering. Standard library only; every wait is bounded and
both processes are stopped in tearDown.
"""

import os
import tempfile
import time
import unittest

from hostbridge_process import ServerProcess, main_with_bin, wait_for

BIN = None
INSTANCES = 50


class UiTimingsTest(unittest.TestCase):
    def setUp(self):
        self.runtime_dir = os.environ.get("HOSTBRIDGE_RUNTIME_DIR") or tempfile.mkdtemp(prefix="hb-ui-timings-")
        os.makedirs(self.runtime_dir, exist_ok=True)
        self.processes = []
        self.spawned = time.monotonic()
        self.ui = self.start([os.path.join(BIN, "hostbridge-ui"), "--port", "0", "--show"], "ui-{port}.json")
        self.proxy = self.ui.proxy()  # one kept-alive connection for every call of a test

    def tearDown(self):
        self.proxy("close")()
        for process in reversed(self.processes):
            process.terminate()
            process.kill()

    def start(self, argv, connection_file="host-{pid}.json"):
        process = ServerProcess(argv, self.runtime_dir, connection_file=connection_file,
                                env={"QT_QPA_PLATFORM": "offscreen"})
        self.processes.append(process)
        return process

    def timings(self):
        return self.proxy.ui.timings()

    def test_start_and_first_frame_in_order_on_the_callers_clock(self):
        t = wait_for(lambda: (lambda t: t if t["firstFrameAt"] > 0 else None)(self.timings()), timeout=15)
        self.assertTrue(t, "no frame was swapped offscreen")
        # /proc's start time has clock-tick resolution (10 ms): it may read a little early.
        self.assertLessEqual(self.spawned - 0.02, t["processStartedAt"])
        self.assertLess(t["processStartedAt"], t["mainAt"])
        self.assertLess(t["mainAt"], t["servingAt"])
        self.assertLessEqual(t["servingAt"], t["firstFrameAt"])
        self.assertLessEqual(t["firstFrameAt"], t["now"])
        self.assertLessEqual(t["now"], time.monotonic())
        self.assertGreater(t["rssKb"], 10 * 1024)
        self.assertGreaterEqual(t["peakRssKb"], t["rssKb"])
        self.assertEqual(t["context"]["rows"], 0)
        self.assertEqual(t["context"]["replyToFrameMs"], -1)

    def test_context_and_run_times_after_a_reset_from_a_host(self):
        host = self.start([os.path.join(BIN, "hostbridge-bench-host"), "--instances", str(INSTANCES), "--plugins", "3",
                           "--ui-port", str(self.ui.port)])
        t = wait_for(lambda: (lambda t: t if t["context"]["replyToFrameMs"] >= 0 and t["runs"] else None)(self.timings()),
                     timeout=30)
        self.assertTrue(t, "no reset from the bench host: %s" % self.ui.stderr_text()[-2000:])
        self.assertEqual(self.proxy.ui.state()["hostPort"], host.port)
        context = t["context"]
        self.assertEqual(context["rows"], INSTANCES + 1)  # the context's row, then the instances
        self.assertGreater(context["callMs"], 0)
        self.assertGreaterEqual(context["replyToModelMs"], 0)
        self.assertGreaterEqual(context["replyToFrameMs"], context["replyToModelMs"])
        run = t["runs"][0]
        self.assertEqual((run["phase"], run["ok"]), ("resetting", True))
        self.assertGreater(run["ms"], 0)
        self.assertAlmostEqual(run["ms"], (run["endedAt"] - run["startedAt"]) * 1000, delta=0.01)
        self.assertLessEqual(run["endedAt"], t["now"])

    def test_marked_frames_keep_coming_while_rendering_continuously(self):
        wait_for(lambda: self.timings()["firstFrameAt"] > 0, timeout=15)
        self.assertTrue(self.proxy.ui.markFrames(True))
        time.sleep(0.5)
        kept = self.timings()
        self.assertTrue(self.proxy.ui.markFrames(False))
        # About 30 at 16 ms; far fewer on a busy machine, but never none.
        self.assertGreaterEqual(kept["frames"], 5)
        self.assertGreater(kept["longestFrameGapMs"], 0)
        self.assertLess(kept["longestFrameGapMs"], 500)
        # Nothing changes in an idle window that is not kept rendering: no frame comes.
        time.sleep(0.3)
        idle = self.timings()
        self.assertLessEqual(idle["frames"], 1)


def set_bin(path):
    global BIN
    BIN = path


if __name__ == "__main__":
    main_with_bin(set_bin)
