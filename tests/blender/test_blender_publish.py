#!/usr/bin/env python3
"""The real Blender publishes through the real UI: hostbridge-ui offscreen on a free port (its
--run validate,repair plays the artist's clicks after each reset, as the demo does), Blender's
window under Xvfb with the add-on and publish_in_blender.py's scene. HostBridge > Publish...
reuses the UI and shows it; the naming and transform validators fail and their repairs fix the
objects in Blender; then, through ui.run, validate passes and publish writes glTF and OBJ files
into versioned folders, whose vertex counts (parsed with plain Python) must match the scene's.
Blender's main loop must keep ticking while a 2 s extractor runs. A second publish makes v002;
with the face budget lowered below the ball's faces, validation fails and nothing is published.
With the UI gone, Publish... launches it (the add-on's preference names the executable). Skipped (status 77) only when
blender, xvfb-run or xauth is not installed.

    test_blender_publish.py --bin BUILD/bin [--screenshot FILE] [unittest options]

--screenshot FILE keeps the UI's PNG after the second publish there, e.g. for docs/.
"""
import argparse
import base64
import json
import os
import shutil
import signal
import struct
import sys
import tempfile
import time
import unittest
import xmlrpc.client

from blender_process import BlenderHost, skip_unless_installed
from hostbridge_process import ServerProcess, TimeoutTransport, alive, wait_for

BUILD_DIR = None
KEEP_SCREENSHOT = None
RUN_TIMEOUT_S = 40  # one run of the UI: exports and the 2 s extractor on a loaded 2-core machine
MODELS = {"Cube_GEO": "Cube", "ball_GEO": "ball"}  # object after the repairs -> asset


def log(message):
    print(message, file=sys.stderr, flush=True)


def gltf_counts(path):
    """(distinct vertex positions, indices) of every primitive of a .gltf with embedded buffers."""
    with open(path) as f:
        document = json.load(f)
    buffers = [base64.b64decode(b["uri"].split(",", 1)[1]) for b in document["buffers"]]
    positions, indices = set(), 0
    for mesh in document["meshes"]:
        for primitive in mesh["primitives"]:
            accessor = document["accessors"][primitive["attributes"]["POSITION"]]
            assert (accessor["componentType"], accessor["type"]) == (5126, "VEC3"), accessor  # float32 x 3
            view = document["bufferViews"][accessor["bufferView"]]
            data = buffers[view["buffer"]]
            start = view.get("byteOffset", 0) + accessor.get("byteOffset", 0)
            stride = view.get("byteStride", 12)
            for i in range(accessor["count"]):
                positions.add(tuple(round(c, 4) for c in struct.unpack_from("<3f", data, start + i * stride)))
            indices += document["accessors"][primitive["indices"]]["count"]
    return len(positions), indices


def obj_counts(path):
    """(v lines, f lines) of an OBJ file."""
    with open(path) as f:
        words = [line.split(None, 1)[0] for line in f if line.strip()]
    return words.count("v"), words.count("f")


class BlenderPublishes(unittest.TestCase):
    """One UI and one Blender for the class; the tests run in their numbered order."""

    @classmethod
    def setUpClass(cls):
        # Class cleanups run even when setUpClass fails half-way: no UI, Blender or Xvfb is left.
        cls.scratch = tempfile.mkdtemp(prefix="hostbridge-blender-publish-")
        cls.addClassCleanup(shutil.rmtree, cls.scratch, ignore_errors=True)
        cls.root = os.path.join(cls.scratch, "publish")
        cls.screenshot = os.path.join(cls.scratch, "ui.png")
        runtime_dir = os.environ.setdefault("HOSTBRIDGE_RUNTIME_DIR", os.path.join(cls.scratch, "runtime"))
        os.makedirs(runtime_dir, mode=0o700, exist_ok=True)
        cls.ui_binary = ui_binary = os.path.join(BUILD_DIR, "bin", "hostbridge-ui")
        cls.ui_process = ServerProcess([ui_binary, "--port", "0", "--run", "validate,repair", "--size", "900x640",
                                        "--screenshot", cls.screenshot], runtime_dir,
                                       connection_file="ui-{port}.json", env={"QT_QPA_PLATFORM": "offscreen"},
                                       start_timeout=30)
        cls.addClassCleanup(cls.stop_ui)
        cls.addClassCleanup(cls.stop_launched_ui)  # after Blender's stop: nothing launches it again
        cls.ui = cls.ui_process.proxy("/", timeout=15)
        cls.blender = BlenderHost(BUILD_DIR, script="publish_in_blender.py",
                                  env={"HOSTBRIDGE_UI_PORT": str(cls.ui_process.port),
                                       "HOSTBRIDGE_PUBLISH_ROOT": cls.root, "QT_QPA_PLATFORM": "offscreen"}
                                  ).__enter__()
        cls.addClassCleanup(cls.stop_blender)
        cls.proxy = cls.blender.proxy
        info = cls.proxy.scene.info()
        log(f"Blender {info['blender']} ({shutil.which('blender')}), serving on port {cls.blender.port}; "
            f"the UI on port {cls.ui_process.port}")
        cls.blender.settle()

    @classmethod
    def stop_blender(cls):
        try:
            if cls.blender.proc.poll() is None:
                cls.proxy.test.quit()
                cls.blender.wait(20)
        finally:
            cls.blender.__exit__()
            log(f"Blender's output:\n{cls.blender.log()}")

    @classmethod
    def stop_launched_ui(cls):
        info = cls.ui_info()
        if info and info["pid"] != cls.ui_process.pid and alive(info["pid"]):
            os.kill(info["pid"], signal.SIGTERM)
            if not wait_for(lambda: not alive(info["pid"]), timeout=10):
                os.kill(info["pid"], signal.SIGKILL)

    @classmethod
    def ui_info(cls):
        try:
            with open(os.path.join(os.environ["HOSTBRIDGE_RUNTIME_DIR"], f"ui-{cls.ui_process.port}.json")) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    @classmethod
    def stop_ui(cls):
        status = cls.ui_process.terminate()
        log(f"the UI's output (exit status {status}):\n{cls.ui_process.stderr_text()}")

    def wait_for_runs(self, since, phases):
        """Waits until the UI's runs started after `since` (time.monotonic) are `phases`, in order,
        and the window is idle; returns those runs."""
        def finished():
            runs = [r for r in self.ui.ui.timings()["runs"] if r["startedAt"] >= since]
            return runs if [r["phase"] for r in runs] == phases and self.ui.ui.state()["phase"] == "idle" else None
        runs = wait_for(finished, timeout=RUN_TIMEOUT_S, step=0.1)
        self.assertTrue(runs, f"the UI did not run {phases}: {self.ui.ui.timings()['runs']}, {self.ui.ui.state()}, "
                              f"log {self.ui.ui.log(0)}")
        return runs

    def lines(self, kind):
        return [(line["plugin"], line["instance"], line["message"]) for line in self.ui.ui.log(0) if line["kind"] == kind]

    def test_1_publish_shows_the_ui_which_fails_validation_and_repairs_in_blender(self):
        started = time.monotonic()
        outcome = self.proxy.test.publish()
        log(f"Publish... held Blender's main thread {outcome['seconds'] * 1000:.0f} ms")
        self.assertEqual(outcome["result"], ["FINISHED"])
        self.assertLess(outcome["seconds"], 1.0)  # it links and shows on the link's thread
        runs = self.wait_for_runs(started, ["resetting", "validating", "repairing", "repairing"])
        self.assertEqual(self.ui.ui.state()["hostPort"], outcome["port"])  # the publishing host's
        self.assertEqual(self.proxy.test.link_summary(), f"UI on port {self.ui_process.port}: connected")
        errors = self.lines("error")
        self.assertTrue(any(p.startswith("Naming") and i == "Cube" and "Cube_GEO" in m for p, i, m in errors), errors)
        self.assertTrue(any(p.startswith("Transforms") and i == "ball_GEO" and "scale (2, 2, 2)" in m
                            for p, i, m in errors), errors)
        records = [m for _, _, m in self.lines("record")]
        self.assertIn("renamed Cube to Cube_GEO", records)
        self.assertIn("applied the transforms of ball_GEO", records)
        # The repairs ran in Blender.
        self.assertEqual([o["name"] for o in self.proxy.scene.ls("MESH")], ["Cube_GEO", "ball_GEO"])
        ball = self.proxy.scene.object("ball_GEO")
        self.assertEqual((ball["location"], ball["scale"]), ([0.0, 0.0, 0.0], [1.0, 1.0, 1.0]))
        log("runs: " + ", ".join(f"{r['phase']} {r['ms']:.0f} ms" for r in runs))

    def test_2_validate_passes_and_publish_runs_while_blender_keeps_ticking(self):
        started = time.monotonic()
        self.assertTrue(self.ui.ui.run("validate"))
        self.wait_for_runs(started, ["validating"])
        self.assertFalse(self.ui.ui.state()["hasError"], self.lines("error"))
        started = time.monotonic()
        self.assertTrue(self.ui.ui.run("publish"))
        runs = self.wait_for_runs(started, ["publishing"])
        state = self.ui.ui.state()
        self.assertFalse(state["hasError"], (state, self.lines("error")))
        slow = self.proxy.test.slow_runs()
        log(f"publish: {runs[0]['ms']:.0f} ms; the 2 s extractor: {slow}")
        self.assertEqual(len(slow), 1)
        self.assertGreaterEqual(slow[0]["seconds"], 2.0)
        self.assertFalse(slow[0]["main_thread"])
        # While a plug-in holds Blender's main loop no timer runs: exactly 0 ticks (test_blender_addon's
        # test_4). 100 if never late; 31 here at a load average of 11, where the addon test saw 6.
        self.assertGreater(slow[0]["ticks"], 0)
        self.assertEqual(slow[0]["scene"], "Scene")

    def test_3_published_files_hold_the_scenes_geometry(self):
        self.assertEqual(sorted(os.listdir(self.root)), sorted(MODELS.values()))
        for name, asset in MODELS.items():
            folder = os.path.join(self.root, asset)
            self.assertEqual(os.listdir(folder), ["v001"])  # no partial folder left behind
            files = sorted(os.listdir(os.path.join(folder, "v001")))
            self.assertEqual(files, [name + ".gltf", name + ".obj"])
            scene = self.proxy.scene.object(name)
            positions, indices = gltf_counts(os.path.join(folder, "v001", name + ".gltf"))
            vertices, faces = obj_counts(os.path.join(folder, "v001", name + ".obj"))
            log(f"{name}: scene {scene['vertices']} vertices, {scene['faces']} faces, {scene['triangles']} triangles; "
                f"glTF {positions} positions, {indices} indices; OBJ {vertices} v, {faces} f")
            self.assertEqual(positions, scene["vertices"])
            self.assertEqual(indices, 3 * scene["triangles"])
            self.assertEqual((vertices, faces), (scene["vertices"], scene["faces"]))

    def test_4_publishing_again_makes_the_next_version(self):
        started = time.monotonic()
        self.assertTrue(self.ui.ui.run("reset"))
        self.wait_for_runs(started, ["resetting", "validating"])  # --run: nothing left to repair
        self.assertFalse(self.ui.ui.state()["hasError"], self.lines("error"))
        started = time.monotonic()
        self.assertTrue(self.ui.ui.run("publish"))
        self.wait_for_runs(started, ["publishing"])
        published_at = time.time()
        for asset in MODELS.values():
            self.assertEqual(sorted(os.listdir(os.path.join(self.root, asset))), ["v001", "v002"])
        if KEEP_SCREENSHOT:  # the UI writes its PNG 300 ms after a run ends
            self.assertTrue(wait_for(lambda: os.path.exists(self.screenshot)
                                     and os.path.getmtime(self.screenshot) >= published_at, timeout=10))
            shutil.copyfile(self.screenshot, KEEP_SCREENSHOT)

    def test_5_a_model_over_the_face_budget_fails_and_nothing_is_published(self):
        self.assertTrue(self.proxy.test.set_preference("face_budget", 100))  # the ball has 128 faces
        started = time.monotonic()
        self.assertTrue(self.ui.ui.run("reset"))
        self.wait_for_runs(started, ["resetting", "validating"])
        errors = self.lines("error")
        self.assertTrue(any(p == "Face budget" and i == "ball_GEO" and "128 faces, 28 over the budget of 100" in m
                            for p, i, m in errors), errors)
        self.assertFalse(self.ui.ui.run("publish"))  # the UI refuses after a failed validation
        for asset in MODELS.values():
            self.assertEqual(sorted(os.listdir(os.path.join(self.root, asset))), ["v001", "v002"])

    def test_6_publish_launches_the_ui_when_none_serves(self):
        self.ui_process.terminate()  # the artist closed the UI
        self.assertTrue(self.proxy.test.set_preference("ui_path", self.ui_binary))  # found nowhere else
        self.assertEqual(self.proxy.test.publish()["result"], ["FINISHED"])
        launched = wait_for(lambda: (self.ui_info() or {}).get("pid"), timeout=30)
        self.assertTrue(launched, self.proxy.test.link_summary())
        self.assertNotEqual(launched, self.ui_process.pid)
        self.assertTrue(wait_for(lambda: self.proxy.test.link_summary().endswith(": connected"), timeout=30),
                        self.proxy.test.link_summary())
        info = self.ui_info()
        with xmlrpc.client.ServerProxy(f"http://any:{info['token']}@127.0.0.1:{self.ui_process.port}/",
                                       transport=TimeoutTransport(15)) as ui:
            self.assertTrue(wait_for(lambda: ui.ui.state()["phase"] == "idle" and ui.ui.state()["hostPort"], timeout=30))
            # A new UI shows the host's kept session (docs/ui.md): test_5's failed validation.
            errors = [(l["plugin"], l["instance"]) for l in ui.ui.log(0) if l["kind"] == "error"]
            self.assertEqual(errors, [("Face budget", "ball_GEO")], ui.ui.log(0))
        log(f"Publish... launched the UI (process {launched}): {self.proxy.test.link_summary()}")


def main():
    global BUILD_DIR, KEEP_SCREENSHOT
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="the build's bin directory (its parent holds python/)")
    parser.add_argument("--screenshot", help="keep the UI's PNG after the second publish here")
    args, rest = parser.parse_known_args()
    BUILD_DIR = os.path.dirname(os.path.abspath(args.bin))
    KEEP_SCREENSHOT = args.screenshot and os.path.abspath(args.screenshot)
    skip_unless_installed()
    started = time.monotonic()
    result = unittest.main(argv=[sys.argv[0]] + rest, verbosity=2, exit=False).result
    log(f"test_blender_publish: {time.monotonic() - started:.1f} s in all")
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
