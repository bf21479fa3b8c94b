"""A real Blender, its window under Xvfb, with the HostBridge add-on enabled and serving (the
test and the benchmark share it). Standard library only.

    with BlenderHost(build_dir) as blender:     # build_dir: holds python/hostbridge; script (default
                                                # serve_in_blender.py) and env (added) optional
        blender.proxy.scene.ls()                # stock xmlrpc.client, the token from the
                                                # connection file Blender wrote
        blender.next_host(timeout)              # once the add-on serves again: new port, proxy
        blender.settle()                        # once Blender's timers run (serve_in_blender's test.state)
        blender.wait(timeout)                   # exit status

The add-on is installed as a user installs it, in the scripts folder Blender reads
($BLENDER_USER_SCRIPTS/addons, a temporary one here, with a temporary config folder so nothing
of the user's is read or written), and enabled by serve_in_blender.py with --factory-startup.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
from hostbridge_process import TimeoutTransport  # noqa: E402

ADDON_DIR = os.path.join(HERE, "..", "..", "examples", "blender", "hostbridge_blender")
START_TIMEOUT_S = 60  # Blender's start under Xvfb with software OpenGL: 3-10 s here
SETTLE_TIMEOUT_S = 30
CALL_TIMEOUT_S = 15
# A small window: every redraw is software OpenGL (llvmpipe), and while Blender draws its main
# loop runs no timers. At 1280x800 on a loaded 2-core machine the first redraws took ~1 s each.
WINDOW = ["-p", "0", "0", "640", "480"]


def missing_programs():
    """The programs a real Blender run needs that are not on PATH."""
    return [p for p in ("blender", "xvfb-run", "xauth") if shutil.which(p) is None]  # xvfb-run runs xauth


class BlenderHost:
    def __init__(self, build_dir, script="serve_in_blender.py", env=None):
        self._build_dir = os.path.abspath(build_dir)
        self._script = os.path.join(HERE, script)
        self._env = dict(env or {})
        self.log_lines = []
        self.proc = None
        self._hosts_seen = 0

    def __enter__(self):
        self._scratch = tempfile.mkdtemp(prefix="hostbridge-blender-")
        scripts = os.path.join(self._scratch, "scripts", "addons")
        os.makedirs(scripts)
        os.symlink(os.path.abspath(ADDON_DIR), os.path.join(scripts, "hostbridge_blender"))
        self.runtime_dir = os.environ.get("HOSTBRIDGE_RUNTIME_DIR") or os.path.join(self._scratch, "runtime")
        os.makedirs(self.runtime_dir, mode=0o700, exist_ok=True)
        os.chmod(self.runtime_dir, 0o700)
        env = dict(os.environ, BLENDER_USER_SCRIPTS=os.path.dirname(scripts),
                   BLENDER_USER_CONFIG=os.path.join(self._scratch, "config"),
                   TMPDIR=self._scratch,  # where Blender saves quit.blend when it quits
                   HOSTBRIDGE_RUNTIME_DIR=self.runtime_dir,
                   HOSTBRIDGE_PYTHONPATH=os.path.join(self._build_dir, "python"), **self._env)
        command = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "blender", "--factory-startup", "-noaudio",
                   *WINDOW, "--python-exit-code", "1", "--python", self._script]
        self.started_at = time.monotonic()
        # Its own process group: xvfb-run's Xvfb and Blender end with it when a test gives up.
        self.proc = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self._output = threading.Condition()
        self._ports = []
        self._ended = False
        threading.Thread(target=self._read_output, daemon=True).start()
        try:
            self.next_host(START_TIMEOUT_S)
        except BaseException:
            self.__exit__()
            raise
        return self

    def next_host(self, timeout):
        """Waits for the next Port: line Blender prints (the first, or the one after the add-on
        was enabled again), then reads that host's token and makes self.proxy for it."""
        with self._output:
            seen = self._hosts_seen
            if not self._output.wait_for(lambda: len(self._ports) > seen or self._ended, timeout) \
                    or len(self._ports) <= seen:
                raise RuntimeError(f"Blender printed no new Port: line within {timeout} s:\n" + self.log())
            self.port = self._ports[seen]
            self._hosts_seen += 1
        self.token = self._token()
        self.proxy = self.make_proxy()

    def __exit__(self, *exc_info):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, 9)
            self.proc.wait()
        self.proc.stdout.close()
        shutil.rmtree(self._scratch, ignore_errors=True)
        return False

    def _read_output(self):
        for line in self.proc.stdout:
            line = line.rstrip("\n")
            self.log_lines.append(line)
            if line.startswith("Port:"):
                with self._output:
                    self._ports.append(int(line[5:]))
                    self._output.notify_all()
        with self._output:
            self._ended = True
            self._output.notify_all()

    def _token(self):
        # The token is never printed: read it where a script finds it, in the connection file.
        for path in glob.glob(os.path.join(self.runtime_dir, "host-*.json")):
            with open(path) as f:
                info = json.load(f)
            if info.get("port") == self.port:
                self.connection_file = path
                self.pid = info["pid"]  # Blender's own (self.proc is xvfb-run)
                return info["token"]
        raise RuntimeError(f"no connection file for port {self.port} in {self.runtime_dir}")

    def make_proxy(self, timeout=CALL_TIMEOUT_S):
        """A new stock xmlrpc.client proxy (one connection of its own)."""
        return xmlrpc.client.ServerProxy(f"http://blender:{self.token}@127.0.0.1:{self.port}/", allow_none=True,
                                         transport=TimeoutTransport(timeout))

    def settle(self):
        """Waits until Blender's main loop runs its timers (its first redraws in software OpenGL
        hold it), so what a test measures is the host and not Blender's start."""
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        while time.monotonic() < deadline:
            before = self.proxy.test.state()["ticks"]
            time.sleep(0.2)
            if self.proxy.test.state()["ticks"] - before >= 5:  # 10 at 20 ms a tick
                return
        raise AssertionError(f"Blender's timers did not settle within {SETTLE_TIMEOUT_S} s")

    def wait(self, timeout):
        return self.proc.wait(timeout)

    def log(self):
        return "\n".join(self.log_lines)


def skip_unless_installed():
    """Exits with CTest's skip status (77) and says why when Blender or Xvfb is missing."""
    missing = missing_programs()
    if missing:
        print(f"SKIPPED: {', '.join(missing)} not installed (scripts/install-deps.sh installs blender xvfb xauth)",
              flush=True)
        sys.exit(77)
