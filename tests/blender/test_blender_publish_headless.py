#!/usr/bin/env python3
"""The add-on's plug-ins published headless in `blender -b` (publish_headless.py): a misnamed
model stops the publish at validation with nothing written; a well-named one is published as
glTF and OBJ into Cube/v001; a publish whose integration fails half-way leaves no v002 and no
partial folder. Skipped (status 77) only when blender is not installed.

    test_blender_publish_headless.py --bin BUILD/bin [unittest options]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ADDON_DIR = os.path.join(HERE, "..", "..", "examples", "blender", "hostbridge_blender")
TIMEOUT_S = 120  # Blender's start in background mode: 1-3 s here
BUILD_DIR = None


class HeadlessPublish(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.mkdtemp(prefix="hostbridge-blender-headless-")
        self.addCleanup(shutil.rmtree, self.scratch, ignore_errors=True)

    def test_publishes_stops_at_validation_and_leaves_no_partial_version(self):
        scripts = os.path.join(self.scratch, "scripts", "addons")
        os.makedirs(scripts)
        os.symlink(os.path.abspath(ADDON_DIR), os.path.join(scripts, "hostbridge_blender"))
        root = os.path.join(self.scratch, "publish")
        runtime = os.environ.get("HOSTBRIDGE_RUNTIME_DIR") or os.path.join(self.scratch, "runtime")
        os.makedirs(runtime, mode=0o700, exist_ok=True)
        env = dict(os.environ, BLENDER_USER_SCRIPTS=os.path.dirname(scripts),
                   BLENDER_USER_CONFIG=os.path.join(self.scratch, "config"), TMPDIR=self.scratch,
                   HOSTBRIDGE_RUNTIME_DIR=runtime, HOSTBRIDGE_PUBLISH_ROOT=root,
                   HOSTBRIDGE_PYTHONPATH=os.path.join(BUILD_DIR, "python"))
        run = subprocess.run(["blender", "-b", "--factory-startup", "-noaudio", "--python-exit-code", "1",
                              "--python", os.path.join(HERE, "publish_headless.py")],
                             env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT_S)
        lines = [l for l in run.stdout.splitlines() if l.startswith("RESULT ")]
        self.assertEqual((run.returncode, len(lines)), (0, 1), run.stdout + run.stderr)
        result = json.loads(lines[0][len("RESULT "):])
        print(f"Blender {result['blender']}: {json.dumps(result, indent=1)}", file=sys.stderr)

        misnamed = result["misnamed"]
        self.assertFalse(misnamed["success"])
        self.assertEqual(misnamed["stopped_by"], "failed validation")
        self.assertEqual([name for name, _ in misnamed["failed"]], ["ValidateNaming"])
        self.assertIn("'Cube' is not named <name>_GEO", misnamed["failed"][0][1])
        self.assertEqual(misnamed["root"], [])  # nothing extracted, nothing published

        published = result["published"]
        self.assertTrue(published["success"], published)
        self.assertEqual(published["cube"], {"v001": ["Cube_GEO.gltf", "Cube_GEO.obj"]})

        broken = result["broken"]
        self.assertFalse(broken["success"])
        self.assertEqual([name for name, _ in broken["failed"]], ["IntegrateVersion"])
        self.assertIn("never_written.abc", broken["failed"][0][1])
        self.assertEqual(broken["cube"], ["v001"])  # no v002, no .partial-* folder


def main():
    global BUILD_DIR
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="the build's bin directory (its parent holds python/)")
    args, rest = parser.parse_known_args()
    BUILD_DIR = os.path.dirname(os.path.abspath(args.bin))
    if shutil.which("blender") is None:
        print("SKIPPED: blender not installed (scripts/install-deps.sh installs it)", flush=True)
        sys.exit(77)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
