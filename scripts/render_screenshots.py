#!/usr/bin/env python3
"""Renders the screenshots of docs/ui.md from the current build, dark and light.

    python3 scripts/render_screenshots.py [--build build] [--out docs] [--theme dark|light|both]
                                          [--only NAMES]

Everything runs offscreen (QT_QPA_PLATFORM=offscreen) with the real hostbridge-ui and its own
--screenshot option, driven by the hosts the tests use: the stand-in pyblish host
(tests/qml_ui/pyblish_stand_in_host.py) and the demo host. Each PNG is written once the window
has stopped changing; dark ones as docs/ui-NAME.png, light ones as docs/ui-NAME-light.png.

The plug-ins' files are shown at a studio's path, /srv/studio/pipeline/publish, not this
checkout's: the script runs itself in a private mount namespace (unshare) with a tmpfs on /srv
holding validate_normals.py, so the detail page also shows the failing line of source. Without
unshare the path is the same and the line is missing (a note says so).

Names: publish, details, log, wide, hosts, live. Standard library only; every wait is bounded.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import xmlrpc.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "qml_ui"))  # the stand-in host, importable
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))

from hostbridge_process import ServerProcess, TimeoutTransport, wait_for  # noqa: E402
from pyblish_stand_in_host import StandInHost  # noqa: E402

PLUGIN_DIR = "/srv/studio/pipeline/publish"
NAMES = ("publish", "details", "log", "wide", "hosts", "live")

# What a studio's validator looks like; line 42 is where the stand-in host says Chair failed.
VALIDATE_NORMALS = '''"""Models must not have locked normals."""
# Runs in Maya, before extraction.
import pyblish.api

from studio.pipeline import maya_mesh


class SelectLockedFaces(pyblish.api.Action):
    label = "Select faces"
    on = "failed"

    def process(self, context, plugin):
        for result in context.data["results"]:
            if result["plugin"] is plugin and result["error"]:
                maya_mesh.select_locked_faces(result["instance"])


class ValidateNormals(pyblish.api.InstancePlugin):
    """Models must not have locked normals.

    Repair unlocks them.
    """

    order = pyblish.api.ValidatorOrder
    families = ["model"]
    label = "Validate normals"
    optional = True
    actions = [SelectLockedFaces]

    def process(self, instance):
        locked = []
        for mesh in instance:
            if not maya_mesh.is_mesh(mesh):
                continue
            faces = maya_mesh.locked_normal_faces(mesh)
            if faces:
                self.log.error("%s: %d faces with locked normals", mesh, len(faces))
                locked.extend(faces)

        # Locked normals survive every export and break the look
        # downstream: refuse them here, where the artist can repair.
        assert not locked, "%s has locked normals" % instance

    @classmethod
    def repair(cls, instance):
        for mesh in instance:
            maya_mesh.unlock_normals(mesh)
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Renderer:
    def __init__(self, build, out, runtime):
        self.bin = os.path.join(os.path.abspath(build), "bin")
        self.out = os.path.abspath(out)
        os.makedirs(self.out, exist_ok=True)
        self.runtime = runtime
        self.processes = []

    def ui(self, theme, *args):
        ui = ServerProcess([os.path.join(self.bin, "hostbridge-ui"), "--port", "0", "--theme", theme, *args],
                           self.runtime, connection_file="ui-{port}.json",
                           env={"QT_QPA_PLATFORM": "offscreen"}, start_timeout=20)
        self.processes.append(ui)
        return ui

    def stop_all(self):
        for p in self.processes:
            p.kill()
        self.processes = []

    @staticmethod
    def settled(path, quiet=1.0, timeout=20):
        """Waits until `path` exists and has not changed for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        last = None
        since = time.monotonic()
        while time.monotonic() < deadline:
            stamp = os.stat(path).st_mtime_ns if os.path.exists(path) else None
            if stamp != last:
                last, since = stamp, time.monotonic()
            elif stamp is not None and time.monotonic() - since >= quiet:
                return
            time.sleep(0.05)
        raise RuntimeError(f"{path} did not settle in {timeout} s")

    def target(self, name, theme):
        return os.path.join(self.out, f"ui-{name}{'-light' if theme == 'light' else ''}.png")

    # The stand-in host's validation, then the publish it refuses; `extra` picks the view.
    def stand_in_run(self, name, theme, *extra):
        host = StandInHost(plugin_dir=PLUGIN_DIR).start()
        try:
            shot = self.target(name, theme)
            if os.path.exists(shot):
                os.remove(shot)
            self.ui(theme, "--no-token", "--host-port", str(host.port), "--run", "validate,publish", "--show",
                    "--screenshot", shot, *extra)
            wait_for(lambda: any(c["method"] == "emit" and c["params"][0] == "validated"
                                 for c in host.service.calls), timeout=20)
            self.settled(shot)
        finally:
            self.stop_all()
            host.stop()

    def publish(self, theme):
        self.stand_in_run("publish", theme)

    def details(self, theme):
        self.stand_in_run("details", theme, "--open", "ValidateNormals")

    def log(self, theme):
        self.stand_in_run("log", theme, "--open", "log")

    def wide(self, theme):
        self.stand_in_run("wide", theme, "--size", "1280x800", "--open", "ValidateNormals")

    # Three hosts: one gone silent (disconnected), one late (busy), the current one.
    def hosts(self, theme):
        host = StandInHost(plugin_dir=PLUGIN_DIR).start()
        try:
            shot = self.target("hosts", theme)
            if os.path.exists(shot):
                os.remove(shot)
            ui = self.ui(theme, "--screenshot", shot)
            proxy = ui.proxy("/")
            silent, late = free_port(), free_port()
            proxy.heartbeat(silent)
            time.sleep(2.6)
            proxy.heartbeat(late)
            time.sleep(2.7)  # silent: 5.3 s without a heartbeat (disconnected); late: 2.7 s (busy)
            proxy.heartbeat(host.port)
            proxy.show(host.port, {"WindowTitle": "Stand-in host - publish", "ContextLabel": "Stand-in scene",
                                   "HeartbeatInterval": 1})
            proxy.__getattr__("ui.showView")("hosts")
            self.settled(shot, quiet=0.8)
        finally:
            self.stop_all()
            host.stop()

    # A publish from the demo host while its extractor reports progress, with a notice: the
    # notice makes the UI write its PNG, which is kept before the run's end writes another.
    def live(self, theme):
        work = tempfile.mkdtemp(prefix="hostbridge-shots-live-")
        grabbed = os.path.join(work, "ui.png")
        ui_port = free_port()
        demo = subprocess.Popen(
            [os.path.join(self.bin, "hostbridge-demo-host"), "--ui-port", str(ui_port), "--output",
             os.path.join(work, "output"), "--extract-time", "6000", "--ui-arg", "--theme", "--ui-arg", theme,
             "--ui-arg", "--size", "--ui-arg", "1280x800", "--ui-arg", "--screenshot", "--ui-arg", grabbed,
             "--ui-arg", "--run", "--ui-arg", "validate,repair,publish"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=dict(os.environ, HOSTBRIDGE_RUNTIME_DIR=self.runtime, QT_QPA_PLATFORM="offscreen"))
        ui_file = os.path.join(self.runtime, f"ui-{ui_port}.json")
        ui_pid = None
        try:
            if not wait_for(lambda: os.path.exists(ui_file), timeout=20):
                raise RuntimeError("the demo host's UI did not start")
            with open(ui_file) as f:
                info = json.load(f)
            ui_pid = info.get("pid")
            proxy = xmlrpc.client.ServerProxy(f"http://any:{info['token']}@127.0.0.1:{ui_port}/", allow_none=True,
                                              transport=TimeoutTransport())
            state = proxy.__getattr__("ui.state")
            if not wait_for(lambda: "Write files" in state()["status"], timeout=40):
                raise RuntimeError("the publish did not reach its extractor")
            time.sleep(4.5)  # most of its ten steps through
            before = os.stat(grabbed).st_mtime_ns if os.path.exists(grabbed) else None
            proxy.notify(state()["hostPort"], {"level": "warning", "title": "Render farm",
                                               "message": "queue at <91%>: renders may start late"})
            if not wait_for(lambda: os.path.exists(grabbed) and os.stat(grabbed).st_mtime_ns != before, timeout=5):
                raise RuntimeError("no PNG after the notice")
            shutil.copyfile(grabbed, self.target("live", theme))
        finally:
            demo.terminate()
            demo.wait(timeout=15)
            if ui_pid:  # the host leaves its UI running (a DCC reload must not close it)
                try:
                    os.kill(ui_pid, 15)
                except ProcessLookupError:
                    pass
            shutil.rmtree(work, ignore_errors=True)


def in_namespace(args):
    """Runs in the private mount namespace: /srv is a tmpfs holding the studio's plug-in."""
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", "/srv"], check=True)
    os.makedirs(PLUGIN_DIR)
    with open(os.path.join(PLUGIN_DIR, "validate_normals.py"), "w") as f:
        f.write(VALIDATE_NORMALS)
    return render(args)


def render(args):
    themes = ("dark", "light") if args.theme == "both" else (args.theme,)
    names = args.only.split(",") if args.only else NAMES
    runtime = tempfile.mkdtemp(prefix="hostbridge-shots-")
    os.chmod(runtime, 0o700)
    renderer = Renderer(args.build, args.out, runtime)
    try:
        for name in names:
            for theme in themes:
                getattr(renderer, name)(theme)
                print(f"render_screenshots: {renderer.target(name, theme)}")
    finally:
        renderer.stop_all()
        shutil.rmtree(runtime, ignore_errors=True)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--out", default=os.path.join(ROOT, "docs"))
    parser.add_argument("--theme", choices=("dark", "light", "both"), default="both")
    parser.add_argument("--only", help="comma-separated names: " + ", ".join(NAMES))
    parser.add_argument("--in-namespace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_namespace:
        return in_namespace(args)
    if shutil.which("unshare"):
        again = ["unshare", "--map-root-user", "--mount", sys.executable, os.path.abspath(__file__),
                 "--in-namespace", *sys.argv[1:]]
        if subprocess.run(["unshare", "--map-root-user", "--mount", "true"], capture_output=True).returncode == 0:
            return subprocess.run(again).returncode
    print(f"render_screenshots: no private mount namespace (unshare): {PLUGIN_DIR} is shown, "
          "but not the failing line of source", file=sys.stderr)
    return render(args)


if __name__ == "__main__":
    sys.exit(main())
