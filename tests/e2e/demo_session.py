"""The real processes of an end-to-end test: hostbridge-demo-host launching the real hostbridge-ui
(offscreen) on a free test port (never 9090), with what the tests read from them. Standard
library only; imported by the scripts of this folder (tests/support is on PYTHONPATH under CTest).

    Session(bin_dir)              demo hosts sharing one UI port, one runtime directory and one
                                  output folder, in a temporary directory removed by close()
    .start_host(*extra, run=None) a demo host (ServerProcess) that launches or reuses the UI; run:
                                  the UI's --run steps, e.g. "validate,repair,publish"
    .ui_info(), .ui(timeout)      the UI's connection file (None while there is none) and a proxy
    .ui_hosts()                   the UI's hosts() by port ({} while it does not answer)
    .ui_state()                   the UI's ui.state() (None while it does not answer)
    .ui_pids()                    every UI process of this session
    pyblish(host)                 a proxy of the host's /pyblish
    published_files(output)       every file under output/publish, relative to output
    png_size(path)                (width, height) of a PNG, None for anything else
"""
import json, os, signal, tempfile, xmlrpc.client

from hostbridge_process import ServerProcess, TimeoutTransport, alive, wait_for
from loopback_ports import unused_port


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


class Session:
    """One test's processes: demo hosts sharing one UI port and one runtime directory. The UI
    is launched by a host (detached, so not our child): it is stopped by its pid at the end."""

    def __init__(self, bin_dir):
        self.bin = bin_dir
        self.dir = tempfile.TemporaryDirectory(prefix="hostbridge-e2e-")
        self.runtime = os.path.join(self.dir.name, "runtime")
        self.output = os.path.join(self.dir.name, "output")
        self.png = os.path.join(self.dir.name, "ui.png")
        self.ui_port = unused_port()
        self.hosts = []

    def start_host(self, *extra, run=None):
        argv = [os.path.join(self.bin, "hostbridge-demo-host"), "--port", "0", "--ui-port", str(self.ui_port),
                "--ui", os.path.join(self.bin, "hostbridge-ui"), "--output", self.output,
                "--heartbeat-interval", "300", "--ui-arg", "--screenshot", "--ui-arg", self.png]
        if run:
            argv += ["--ui-arg", "--run", "--ui-arg", run]
        host = ServerProcess(argv + list(extra), self.runtime, use_builtin_types=True,
                             env={"QT_QPA_PLATFORM": "offscreen"})
        self.hosts.append(host)
        return host

    def ui_info(self):
        try:
            with open(os.path.join(self.runtime, "ui-%d.json" % self.ui_port)) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def ui(self, timeout=10):
        info = self.ui_info()
        return xmlrpc.client.ServerProxy("http://any:%s@127.0.0.1:%d/" % (info["token"], self.ui_port),
                                         allow_none=True, transport=TimeoutTransport(timeout))

    def ui_hosts(self):
        try:
            with self.ui() as ui:
                return {h["port"]: h for h in ui.hosts()}
        except (OSError, xmlrpc.client.Error, TypeError):
            return {}

    def ui_state(self):
        try:
            with self.ui() as ui:
                return ui.ui.state()
        except (OSError, xmlrpc.client.Error, TypeError):
            return None

    def ui_pids(self):
        """Every UI process of this session, found by the screenshot path only it has on its
        command line (a relaunched UI has a new pid, and may not have written its file yet)."""
        pids = []
        for entry in os.listdir("/proc"):
            try:
                with open("/proc/%s/cmdline" % entry, "rb") as f:
                    argv = f.read().split(b"\0")
                if argv[0].endswith(b"hostbridge-ui") and self.png.encode() in argv:
                    pids.append(int(entry))
            except (OSError, ValueError):
                pass
        return pids

    def close(self):
        for host in self.hosts:  # first, so none relaunches a UI stopped below
            host.terminate()
            host.kill()
        for pid in self.ui_pids():
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:  # ended since it was listed
                continue
            wait_for(lambda: not alive(pid), timeout=10)
        self.dir.cleanup()


def pyblish(host):
    return host.proxy("/pyblish")


def published_files(output):
    found = []
    for root, _, files in os.walk(os.path.join(output, "publish")):
        found += [os.path.relpath(os.path.join(root, f), output) for f in files]
    return sorted(found)
