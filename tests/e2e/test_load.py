#!/usr/bin/env python3
"""Load on the real processes, bounded in count and time:

- 20 demo hosts started at once get 20 distinct ports, and all of them connect to one UI (the
  UI's hosts() lists 20 connected hosts; each host answers its own /pyblish);
- a soak: 30 whole publishes in a row through one host's /pyblish (the stdlib script
  examples/python/headless_publish.py, as the UI drives a run), with the host's resident memory
  and open file descriptors flat after the first few (figures printed).
"""
import os, subprocess, sys, tempfile, time, unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
from hostbridge_process import ServerProcess, main_with_bin, wait_for  # noqa: E402

HEADLESS = os.path.join(ROOT, "examples", "python", "headless_publish.py")
BIN = None


def set_bin(path):
    global BIN
    BIN = path


def resident_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


class Load(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="hostbridge-load-")
        self.processes = []

    def tearDown(self):
        for process in reversed(self.processes):
            process.terminate()
            process.kill()
        self.dir.cleanup()

    def start(self, argv, **kwargs):
        process = ServerProcess(argv, self.dir.name, **kwargs)
        self.processes.append(process)
        return process

    def test_twenty_hosts_at_once_share_one_ui(self):
        ui = self.start([os.path.join(BIN, "hostbridge-ui"), "--port", "0"], connection_file="ui-{port}.json",
                        env={"QT_QPA_PLATFORM": "offscreen"})
        started = time.monotonic()
        argv = [os.path.join(BIN, "hostbridge-demo-host"), "--port", "0", "--ui-port", str(ui.port),
                "--output", os.path.join(self.dir.name, "output")]
        hosts = [self.start(argv, wait=False) for _ in range(20)]
        ports = [host.wait_for_port() for host in hosts]
        self.assertEqual(len(set(ports)), 20, ports)
        with ui.proxy("/") as proxy:
            listed = wait_for(lambda: [h for h in proxy.hosts() if h["state"] == "connected"]
                              if len(proxy.hosts()) == 20 else None)
        self.assertTrue(listed, "the UI does not list 20 connected hosts")
        self.assertEqual({h["port"] for h in listed}, set(ports))
        for host in hosts:
            with host.proxy("/pyblish") as service:
                self.assertIn("message", service.ping())
            self.assertNotIn("launched", host.stderr_text())  # each reused the one UI
        print("20 hosts serving and connected to one UI in %.1f s" % (time.monotonic() - started))

    def test_soak_of_publishes_keeps_memory_and_descriptors_flat(self):
        host = self.start([os.path.join(BIN, "hostbridge-demo-host"), "--no-ui", "--port", "0",
                           "--output", os.path.join(self.dir.name, "output")])
        env = dict(os.environ, HOSTBRIDGE_RUNTIME_DIR=self.dir.name)

        def publish(*extra):
            run = subprocess.run([sys.executable, HEADLESS, "--connection", host.file] + list(extra),
                                 capture_output=True, text=True, timeout=60, env=env)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)

        publish("--repair")  # the scene's misnamed node is fixed once; every later publish passes
        for _ in range(4):   # warm-up: allocator pools and caches settle
            publish()
        memory_before, fds_before = resident_kib(host.pid), open_fds(host.pid)
        started = time.monotonic()
        for _ in range(25):
            publish()
        memory_after, fds_after = resident_kib(host.pid), open_fds(host.pid)
        print("25 publishes in %.1f s; host RSS %d -> %d KiB, open fds %d -> %d"
              % (time.monotonic() - started, memory_before, memory_after, fds_before, fds_after))
        self.assertLessEqual(fds_after, fds_before + 2)       # a keep-alive connection or two may be open
        # Kept results of one session only, no growth per run. AddressSanitizer holds freed
        # memory back on purpose, so under it LeakSanitizer's check at the host's exit stands in.
        if "ASAN_OPTIONS" not in os.environ:
            self.assertLess(memory_after - memory_before, 4096)
        versions = os.listdir(os.path.join(self.dir.name, "output", "publish", "hero_GEO"))
        self.assertEqual(len(versions), 30, versions)  # one version per publish, none partial


if __name__ == "__main__":
    main_with_bin(set_bin)
