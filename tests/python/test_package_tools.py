#!/usr/bin/env python3
"""hostbridge.Tool: test_tool.py (tests/host_rpc) launched from Python, its output lines through
on_event on the tool's thread, a call with its token, a SIGKILL and the restart, a second Tool
of the same identity with its replay, a fault raised as Fault, and stop."""
import os
import signal
import subprocess
import sys
import threading
import time
import unittest

import hostbridge
from package_support import main

TEST_TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "host_rpc", "test_tool.py")
WAIT_S = 30


class Events:
    def __init__(self):
        self.events = []
        self.threads = set()
        self.changed = threading.Condition()

    def __call__(self, event):
        with self.changed:
            self.events.append(event)
            self.threads.add(threading.current_thread().ident)
            self.changed.notify_all()

    def wait(self, predicate):
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self.events), WAIT_S)

    def of(self, kind):
        with self.changed:
            return [e for e in self.events if e.kind == kind]


class ToolTest(unittest.TestCase):
    def tool(self, tag, events=None, **options):
        return hostbridge.Tool(sys.executable, [TEST_TOOL, "--tag", tag] + options.pop("extra", []),
                               on_event=events, log=lambda message: None, start_timeout=WAIT_S, **options)

    def test_launch_output_call_restart_replay_and_stop(self):
        events = Events()
        tool = self.tool("py-%d" % os.getpid(), events, keep_alive=True, extra=["--lines", "3"],
                         env={"STUDIO_SHOW": "sh010"})
        self.assertEqual(tool.state, "idle")
        tool.start()
        self.assertTrue(tool.wait_for_port(WAIT_S), tool.status())
        first = tool.pid
        try:
            self.assertEqual(tool.call("ping")["pid"], first)
            self.assertEqual(tool.call("env", "STUDIO_SHOW"), "sh010")
            with self.assertRaises(hostbridge.Fault) as raised:
                tool.call("no.such.method")
            # Python's SimpleXMLRPCServer answers an unknown method with fault 1.
            self.assertEqual(raised.exception.code, 1)
            self.assertIn("no.such.method", raised.exception.message)
            self.assertTrue(events.wait(lambda e: sum(x.kind == "stderr" for x in e) == 3))
            self.assertEqual([e.text for e in events.of("stdout")], ["out 0", "out 1", "out 2"])
            self.assertNotIn(threading.main_thread().ident, events.threads)

            os.kill(first, signal.SIGKILL)
            self.assertTrue(events.wait(lambda e: sum(x.kind == "port" for x in e) == 2))
            self.assertNotEqual(tool.pid, first)
            self.assertEqual(tool.status()["restarts"], 1)
            self.assertEqual([e.kind for e in events.of("restarted")], ["restarted"])

            replay = Events()
            again = self.tool("py-%d" % os.getpid(), replay, extra=["--lines", "3"], env={"STUDIO_SHOW": "sh010"})
            self.assertEqual(again.identity, tool.identity)
            again.start()
            kept = len(tool.history())
            self.assertTrue(replay.wait(lambda e: len(e) >= kept))
            self.assertTrue(all(e.replayed for e in replay.events[:kept]))
            self.assertEqual([e.sequence for e in replay.events[:kept]], [e.sequence for e in tool.history()])
            again.detach()
        finally:
            tool.stop()
            self.assertTrue(tool.wait_for("stopped", WAIT_S))
        self.assertEqual(tool.state, "stopped")
        self.assertEqual(events.of("stopped")[-1].kind, "stopped")

    def test_the_interpreter_exits_with_a_live_tool_reporting_events(self):
        script = """if True:
            import sys, hostbridge
            tool = hostbridge.Tool(sys.executable, [sys.argv[1], "--tag", "exit-%d" % __import__("os").getpid()],
                                   on_event=lambda e: None, log=lambda m: None)
            tool.start()
            assert tool.wait_for_port(30)
            tool.call("say", ["x"] * 2000)   # events still arriving while Python exits
            print(tool.pid, flush=True)
        """
        done = subprocess.run([sys.executable, "-c", script, TEST_TOOL], capture_output=True, text=True,
                              timeout=WAIT_S, env=dict(os.environ))
        self.assertEqual(done.returncode, 0, done.stderr)
        pid = int(done.stdout.split()[0])
        try:
            os.kill(pid, 0)  # detached, not stopped: the tool runs on
        finally:
            os.kill(pid, signal.SIGKILL)

    def test_a_tool_that_cannot_run_fails(self):
        tool = hostbridge.Tool("/nonexistent/tool", log=lambda message: None)
        tool.start()
        self.assertFalse(tool.wait_for_port(WAIT_S))
        self.assertEqual(tool.state, "failed")
        self.assertIn("/nonexistent/tool", tool.status()["last_error"])


if __name__ == "__main__":
    main()
