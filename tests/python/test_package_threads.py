#!/usr/bin/env python3
"""The hostbridge package's threads: main-thread functions through pump() and through QtExecutor
in a real Qt event loop, a slow function that stalls no other connection, a stop with calls in
flight, and an interpreter that exits with a running host and calls in flight."""
import gc
import os
import subprocess
import sys
import textwrap
import threading
import time
import types
import unittest
import xmlrpc.client

import hostbridge
from package_support import client, main

try:
    from PySide2 import QtCore
except ImportError:  # scripts/install-deps.sh installs python3-pyside2.qtcore
    QtCore = None


class FakeBlenderTimers:
    """bpy.app.timers as BlenderExecutor uses it (Blender itself is not needed here)."""

    def __init__(self):
        self.registered = {}

    def register(self, function, first_interval=0.0, persistent=False):
        self.registered[id(function)] = (function, first_interval, persistent)

    def is_registered(self, function):
        return id(function) in self.registered

    def unregister(self, function):
        del self.registered[id(function)]


def call_in_thread(host, method, *args, path="/"):
    """Calls `method` on a thread of its own; returns (thread, outcome list)."""
    outcome = []

    def run():
        with client(host, path) as proxy:
            try:
                outcome.append(getattr(proxy, method)(*args))
            except (xmlrpc.client.Fault, OSError) as e:
                outcome.append(e)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


class MainThread(unittest.TestCase):
    def test_pump_runs_main_thread_functions_on_the_pumping_thread(self):
        host = hostbridge.Host(connection_file=False)

        @host.function(main_thread=True)
        def where(tag: str) -> str:
            return f"{threading.current_thread() is threading.main_thread()}:{tag}"
        with host:
            thread, outcome = call_in_thread(host, "where", "x")
            deadline = time.monotonic() + 10
            while thread.is_alive() and time.monotonic() < deadline:
                if host.executor.wait(0.05):
                    host.executor.pump()
            thread.join(1)
            self.assertEqual(outcome, ["True:x"])
            self.assertEqual(host.executor.pending, 0)

    def test_a_main_thread_that_never_pumps_answers_busy(self):
        host = hostbridge.Host(connection_file=False, main_thread_timeout=0.2)
        host.bind("never", lambda: 1, main_thread=True)
        with host, client(host) as proxy:
            with self.assertRaises(xmlrpc.client.Fault) as caught:
                proxy.never()
            self.assertEqual(caught.exception.faultCode, hostbridge.FaultCode.BUSY)

    def test_blender_executor_pumps_from_its_persistent_timer(self):
        timers = FakeBlenderTimers()
        sys.modules["bpy"] = types.SimpleNamespace(app=types.SimpleNamespace(timers=timers))
        try:
            executor = hostbridge.executors.BlenderExecutor(interval=0.02)
        finally:
            del sys.modules["bpy"]
        (tick, first_interval, persistent), = timers.registered.values()
        self.assertEqual((first_interval, persistent), (0.0, True))
        host = hostbridge.Host(executor=executor, connection_file=False)
        host.bind("frame", lambda: 1001, main_thread=True)
        with host:
            thread, outcome = call_in_thread(host, "frame")
            deadline = time.monotonic() + 10
            while thread.is_alive() and time.monotonic() < deadline:
                self.assertEqual(tick(), 0.02)  # what Blender waits before the next tick
                time.sleep(0.005)
            thread.join(1)
        self.assertEqual(outcome, [1001])
        executor.unregister()
        self.assertEqual(timers.registered, {})

    def test_the_host_keeps_an_executor_it_was_given_inline(self):
        # As the add-on writes it: nothing but the host refers to the executor.
        timers = FakeBlenderTimers()
        sys.modules["bpy"] = types.SimpleNamespace(app=types.SimpleNamespace(timers=timers))
        try:
            host = hostbridge.Host(executor=hostbridge.executors.BlenderExecutor(interval=0.02),
                                   connection_file=False)
        finally:
            del sys.modules["bpy"]
        gc.collect()
        (tick, _, _), = timers.registered.values()
        self.assertIsInstance(host.executor, hostbridge.executors.BlenderExecutor)
        self.assertEqual(tick(), 0.02)  # None would end Blender's timer

    def test_a_failing_wake_up_is_logged_and_the_call_still_runs(self):
        executor = hostbridge.executors.PumpExecutor()
        executor._set_wake(lambda: 1 / 0)
        host = hostbridge.Host(executor=executor, connection_file=False)
        host.bind("frame", lambda: 1001, main_thread=True)
        with host, self.assertLogs("hostbridge", "WARNING") as logged:
            thread, outcome = call_in_thread(host, "frame")
            while thread.is_alive():
                if executor.wait(0.05):
                    executor.pump()
        self.assertEqual(outcome, [1001])
        self.assertIn("wake-up failed", logged.output[0])
        self.assertIn("ZeroDivisionError", logged.output[0])

    @unittest.skipIf(QtCore is None, "needs python3-pyside2.qtcore (scripts/install-deps.sh)")
    def test_qt_executor_runs_calls_in_the_qt_event_loop(self):
        app = QtCore.QCoreApplication.instance() or QtCore.QCoreApplication([])
        executor = hostbridge.executors.QtExecutor()
        host = hostbridge.Host(executor=executor, connection_file=False)
        ran_on = []

        @host.function(main_thread=True)
        def scene_ls(prefix: str) -> list:
            ran_on.append(QtCore.QThread.currentThread() is app.thread())
            return [prefix + "a", prefix + "b"]
        results = []
        with host:
            def client_calls():
                with client(host) as proxy:
                    results.extend(proxy.scene_ls(str(i)) for i in range(20))
                QtCore.QMetaObject.invokeMethod(app, "quit", QtCore.Qt.QueuedConnection)
            threading.Thread(target=client_calls, daemon=True).start()
            QtCore.QTimer.singleShot(10000, app.quit)  # a bound, should the calls never come
            started = time.monotonic()
            app.exec_()
            elapsed = time.monotonic() - started
        self.assertEqual(len(results), 20)
        self.assertEqual(results[3], ["3a", "3b"])
        self.assertEqual(ran_on, [True] * 20)
        self.assertLess(elapsed, 5)


class Concurrency(unittest.TestCase):
    def test_a_slow_function_stalls_no_other_connection(self):
        host = hostbridge.Host(connection_file=False)
        host.bind("slow", lambda: time.sleep(2) or "slept")
        host.bind("fast", lambda i: i + 1)
        with host:
            slow_thread, slow_outcome = call_in_thread(host, "slow")
            time.sleep(0.1)  # the slow call is running
            started = time.monotonic()
            with client(host) as proxy:
                answers = [proxy.fast(i) for i in range(100)]
            elapsed = time.monotonic() - started
            self.assertTrue(slow_thread.is_alive(), "100 answers came while the slow call ran")
            slow_thread.join(10)
        self.assertEqual(answers, list(range(1, 101)))
        self.assertLess(elapsed, 1.5)
        self.assertEqual(slow_outcome, ["slept"])

    def test_stop_with_calls_in_flight(self):
        host = hostbridge.Host(connection_file=False)
        running = threading.Event()

        def slow():
            running.set()
            time.sleep(0.5)
            return "done"
        host.bind("slow", slow)
        host.bind("queued", lambda: "never pumped", main_thread=True)
        host.start()
        slow_thread, slow_outcome = call_in_thread(host, "slow")
        queued_thread, queued_outcome = call_in_thread(host, "queued")
        self.assertTrue(running.wait(5))
        deadline = time.monotonic() + 5
        while host.executor.pending == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        started = time.monotonic()
        host.stop()  # waits for the running Python function, not for the main thread
        self.assertLess(time.monotonic() - started, 3)
        queued_thread.join(5)
        slow_thread.join(5)
        self.assertEqual(queued_outcome[0].faultCode, hostbridge.FaultCode.SHUTTING_DOWN)
        self.assertEqual(len(slow_outcome), 1)  # answered, or the connection closed: never hangs
        self.assertFalse(host.running)


EXIT_SCRIPT = textwrap.dedent("""
    import sys, threading, time, xmlrpc.client
    import hostbridge
    host = hostbridge.Host(connection_file=False)
    running = threading.Event()
    def slow():
        running.set()
        time.sleep(0.3)
        return 1
    host.bind("slow", slow)
    host.bind("queued", lambda: 1, main_thread=True)
    host.start()
    def call(name):
        try:
            getattr(xmlrpc.client.ServerProxy(f"http://hb:{host.token}@127.0.0.1:{host.port}/"), name)()
        except Exception:
            pass
    for name in ["slow", "queued"] * 4:
        threading.Thread(target=call, args=(name,), daemon=True).start()
    running.wait(5)
    time.sleep(0.05)
    print("exiting", flush=True)
    sys.exit(0)
""")


class InterpreterExit(unittest.TestCase):
    def test_exit_with_a_running_host_and_calls_in_flight(self):
        for attempt in range(3):
            started = time.monotonic()
            done = subprocess.run([sys.executable, "-c", EXIT_SCRIPT], capture_output=True, text=True, timeout=30,
                                  env=os.environ)
            with self.subTest(attempt=attempt):
                self.assertEqual(done.returncode, 0, done.stderr)
                self.assertIn("exiting", done.stdout)
                self.assertLess(time.monotonic() - started, 5)


if __name__ == "__main__":
    main()
