#!/usr/bin/env python3
"""The real Blender: its window under Xvfb with the HostBridge add-on enabled, driven from
outside with stock xmlrpc.client. The scene functions on the default scene, Blender's main
thread while a function waits 2 s on a connection thread and while one holds the main thread
2 s, main-thread calls after a .blend is loaded, the add-on disabled (its host stops, its timer
ends) and enabled again, and a quit through a function. Skipped (status 77) only when blender,
xvfb-run or xauth is not installed.

    test_blender_addon.py --bin BUILD/bin [unittest options]
"""
import argparse
import os
import shutil
import sys
import threading
import time
import unittest
import xmlrpc.client

from blender_process import BlenderHost, skip_unless_installed

BUILD_DIR = None


def log(message):
    print(message, file=sys.stderr, flush=True)


def call_in_thread(blender, method, *args):
    """Calls `method` on a connection of its own; returns (thread, outcome list, start time)."""
    outcome = []

    def run():
        try:
            with blender.make_proxy() as proxy:
                outcome.append(getattr(proxy, method)(*args))
        except (xmlrpc.client.Fault, OSError) as e:
            outcome.append(e)
    thread = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    thread.start()
    return thread, outcome, started


def timed(function, *args):
    before = time.monotonic()
    result = function(*args)
    return result, time.monotonic() - before


class RealBlender(unittest.TestCase):
    """One Blender for the class; the tests run in their numbered order, the last quits it."""

    @classmethod
    def setUpClass(cls):
        cls.blender = BlenderHost(BUILD_DIR).__enter__()
        cls.proxy = cls.blender.proxy
        info = cls.proxy.scene.info()
        log(f"Blender {info['blender']} ({shutil.which('blender')}), serving on port "
            f"{cls.blender.port} {time.monotonic() - cls.blender.started_at:.1f} s after its start")
        cls.blender.settle()

    @classmethod
    def tearDownClass(cls):
        cls.proxy("close")()
        cls.blender.__exit__()
        log(f"Blender's output:\n{cls.blender.log()}")

    def test_1_scene_ls_lists_the_default_scene(self):
        objects = self.proxy.scene.ls()
        self.assertEqual([(o["name"], o["type"]) for o in objects],
                         [("Camera", "CAMERA"), ("Cube", "MESH"), ("Light", "LIGHT")])
        self.assertEqual([o["name"] for o in self.proxy.scene.ls("MESH")], ["Cube"])
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.proxy.scene.ls("TEAPOT")
        self.assertEqual(caught.exception.faultCode, 4)
        cube = self.proxy.scene.object("Cube")
        self.assertEqual((cube["vertices"], cube["edges"], cube["faces"], cube["triangles"]), (8, 12, 6, 12))
        self.assertEqual(cube["location"], [0.0, 0.0, 0.0])

    def test_2_rename_and_select_take_effect(self):
        self.assertEqual(self.proxy.scene.rename("Cube", "hero_GEO"), "hero_GEO")
        self.assertEqual([o["name"] for o in self.proxy.scene.ls()], ["Camera", "Light", "hero_GEO"])
        for args, code in ((("Light", "Camera"), 2), (("Cube", "x"), 1), (("Light", ""), 3)):
            with self.assertRaises(xmlrpc.client.Fault) as caught:
                self.proxy.scene.rename(*args)
            self.assertEqual(caught.exception.faultCode, code, args)

        self.assertEqual(self.proxy.scene.select(["hero_GEO", "Light"]), ["hero_GEO", "Light"])
        self.assertEqual({o["name"]: o["selected"] for o in self.proxy.scene.ls()},
                         {"Camera": False, "Light": True, "hero_GEO": True})
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.proxy.scene.select(["Camera", "nothing"])
        self.assertEqual(caught.exception.faultCode, 1)
        self.assertTrue(self.proxy.scene.object("Light")["selected"])  # a refused call changes nothing
        self.assertEqual(self.proxy.scene.select([]), [])
        self.assertFalse(any(o["selected"] for o in self.proxy.scene.ls()))

    def test_3_blender_keeps_ticking_while_a_connection_thread_function_waits_2_s(self):
        ticks_before = self.proxy.test.state()["ticks"]
        thread, outcome, started = call_in_thread(self.blender, "test.sleep", 2.0)
        time.sleep(0.2)
        objects, took = timed(self.proxy.scene.ls)  # a main-thread function meanwhile
        self.assertEqual(len(objects), 3)
        thread.join(10)
        elapsed = time.monotonic() - started
        ticks = self.proxy.test.state()["ticks"] - ticks_before
        log(f"during a 2 s connection-thread call: {ticks} ticks of a 20 ms timer (100 if never late); "
            f"scene.ls on the main thread answered in {took * 1000:.0f} ms")
        self.assertEqual(outcome, [2.0])
        self.assertLess(elapsed, 4.0)
        self.assertLess(took, 1.0)
        # Against test_4's exact 0 (a held main loop runs no timer): 100 on an idle machine, 21-39
        # with builds running, 5-6 at a load average of 11-20 (software OpenGL redraws starved of
        # CPU). A floor above 0 only measured the machine's load.
        self.assertGreater(ticks, 0)

    def test_4_a_main_thread_function_holds_blender_while_connection_threads_answer(self):
        thread, outcome, started = call_in_thread(self.blender, "test.busy", 2.0)
        deadline = started + 10
        while not self.proxy.test.state()["busy"]:
            self.assertLess(time.monotonic(), deadline, "test.busy did not start")
            time.sleep(0.02)
        first, took = timed(self.proxy.test.state)  # a connection-thread function answers at once
        time.sleep(1.0)
        second = self.proxy.test.state()
        thread.join(10)
        log(f"while a main-thread call held Blender for 2 s: test.state (connection thread) answered in "
            f"{took * 1000:.1f} ms; ticks in the 1 s between two reads: {second['ticks'] - first['ticks']}")
        self.assertEqual(outcome, [2.0])
        self.assertLess(took, 0.5)
        self.assertTrue(second["busy"])
        # A main-thread function runs inside Blender's main loop: no timer (nor redraw) runs meanwhile.
        self.assertEqual(second["ticks"], first["ticks"])
        deadline = time.monotonic() + 5
        while self.proxy.test.state()["ticks"] == second["ticks"]:
            self.assertLess(time.monotonic(), deadline, "Blender's timers did not run again")
            time.sleep(0.05)

    def test_5_the_host_serves_on_once_a_file_is_loaded(self):
        # Loading a .blend ends the timers not registered persistent: the executor's must survive.
        path = self.proxy.test.reopen()
        deadline = time.monotonic() + 20
        while self.proxy.scene.info()["file"] != path:
            self.assertLess(time.monotonic(), deadline, f"{path} was not loaded")
            time.sleep(0.05)
        self.assertEqual([o["name"] for o in self.proxy.scene.ls()], ["Camera", "Light", "hero_GEO"])

    def test_6_disabling_the_addon_stops_its_host_and_enabling_it_serves_again(self):
        self.assertTrue(self.proxy.test.restart_addon())
        self.proxy("close")()
        self.blender.next_host(20)
        type(self).proxy = self.blender.proxy
        self.assertEqual(self.proxy.test.state()["restart"],
                         {"stopped": True, "timer_ended": True, "file_removed": True})
        self.assertEqual(len(self.proxy.scene.ls()), 3)

    def test_9_quits_through_a_function_with_status_0(self):
        self.assertTrue(self.proxy.test.quit())
        before = time.monotonic()
        status = self.blender.wait(20)
        log(f"Blender exited {time.monotonic() - before:.1f} s after test.quit answered")
        self.assertEqual(status, 0, self.blender.log())
        self.assertFalse(os.path.exists(self.blender.connection_file), "the connection file outlived Blender")


def main():
    global BUILD_DIR
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="the build's bin directory (its parent holds python/)")
    args, rest = parser.parse_known_args()
    BUILD_DIR = os.path.dirname(os.path.abspath(args.bin))
    skip_unless_installed()
    started = time.monotonic()
    result = unittest.main(argv=[sys.argv[0]] + rest, verbosity=2, exit=False).result
    log(f"test_blender_addon: {time.monotonic() - started:.1f} s in all")
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
