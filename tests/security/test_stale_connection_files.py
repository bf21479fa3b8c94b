#!/usr/bin/env python3
"""Connection files left by killed processes (check 6 of docs/security.md), made by the real
programs themselves (SIGKILL leaves them behind), not written by hand:

- a host must not trust ui-<port>.json of a killed hostbridge-ui: with nothing on the port it
  launches a UI of its own; with something else on the port that answers ping as that dead UI
  would (application "hostbridge-ui", the dead pid), it reports a squatter and sends it neither
  the dead UI's token nor its own;
- hostbridge-call and the Python examples ignore host-<pid>.json of a killed host, even when a
  live host now serves on the very port the dead one had (the dead file's token would be
  refused there), and with only dead files they say no host runs.

- a file whose pid now names another process (a reused pid: its recorded start time differs)
  is stale for hostbridge-call and for a host looking for its UI, which sends such a file's
  token nowhere; a file of another user is never read;
- a HOSTBRIDGE_RUNTIME_DIR others can write to (such as /tmp) is refused with a clear message
  and keeps its mode.

tests/tools/test_hostbridge_call.py and tst_connection_file cover hand-written stale files;
tst_ui_link a UI killed while a link runs. Standard library only.
"""

import base64
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
import hostbridge_process  # noqa: E402
from hostbridge_process import ServerProcess, alive, wait_for  # noqa: E402
from loopback_ports import unused_port  # noqa: E402

CALL_FUNCTION = os.path.join(ROOT, "examples", "python", "call_function.py")
RUN_TIMEOUT_S = 30
BIN = None


class PretendUi(http.server.ThreadingHTTPServer):
    """Holds a port and answers every call as `pid`'s hostbridge-ui would answer ping; keeps
    every request it got (headers and body), to show what a host sent it."""

    def __init__(self, port, pid):
        self.pid = pid
        self.requests = []
        super().__init__(("127.0.0.1", port), PretendUiHandler)


class PretendUiHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.requests.append((str(self.headers), body))
        answer = xmlrpc.client.dumps(({"message": "Hello", "application": "hostbridge-ui", "pid": self.server.pid},),
                                     methodresponse=True).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


class StaleConnectionFiles(unittest.TestCase):
    def setUp(self):
        base = os.environ.get("HOSTBRIDGE_RUNTIME_DIR")
        if base:
            os.makedirs(base, mode=0o700, exist_ok=True)
        self.runtime = tempfile.mkdtemp(prefix="hb-stale-", dir=base)
        self.addCleanup(shutil.rmtree, self.runtime, True)
        self.processes = []
        self.addCleanup(self.stop_all)

    def stop_all(self):
        for process in reversed(self.processes):
            process.terminate()
            process.kill()
        # A UI a host launched is detached, and may not have written its file yet: every process
        # still running with this test's runtime directory in its environment is stopped.
        marker = ("HOSTBRIDGE_RUNTIME_DIR=" + self.runtime).encode() + b"\0"
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == os.getpid():
                continue
            try:
                with open("/proc/%s/environ" % entry, "rb") as f:
                    if marker not in f.read() + b"\0":
                        continue
                os.kill(int(entry), 15)
            except OSError:
                continue
            pid = int(entry)
            if not wait_for(lambda: not alive(pid), timeout=10):
                os.kill(pid, 9)

    def start(self, name, *args, **kwargs):
        process = ServerProcess([os.path.join(BIN, name), *args], self.runtime, start_timeout=20, **kwargs)
        self.processes.append(process)
        return process

    def ui_files(self):
        found = []
        for name in os.listdir(self.runtime):
            if name.startswith("ui-") and name.endswith(".json"):
                try:
                    with open(os.path.join(self.runtime, name)) as f:
                        found.append(json.load(f))
                except (OSError, ValueError):
                    pass
        return found

    def killed_ui(self):
        """A real hostbridge-ui started and SIGKILLed: its ui-<port>.json stays, of a dead pid."""
        ui = self.start("hostbridge-ui", "--port", str(unused_port()), connection_file="ui-{port}.json",
                        env={"QT_QPA_PLATFORM": "offscreen"})
        ui.kill()
        self.assertTrue(os.path.exists(ui.file))
        self.assertFalse(alive(ui.pid))
        return ui

    def demo_host(self, ui_port):
        return self.start("hostbridge-demo-host", "--port", "0", "--ui-port", str(ui_port),
                          "--ui", os.path.join(BIN, "hostbridge-ui"), "--heartbeat-interval", "300",
                          "--output", os.path.join(self.runtime, "output"), env={"QT_QPA_PLATFORM": "offscreen"})

    def test_host_launches_its_own_ui_over_a_killed_uis_file(self):
        dead = self.killed_ui()
        host = self.demo_host(dead.port)
        fresh = wait_for(lambda: [i for i in self.ui_files() if i["pid"] != dead.pid and alive(i["pid"])], timeout=30)
        self.assertTrue(fresh, host.stderr_text())
        self.assertNotEqual(fresh[0]["token"], dead.token)
        self.assertIn("launched", host.stderr_text())
        self.assertNotIn("already running", host.stderr_text())
        with xmlrpc.client.ServerProxy("http://any:%s@127.0.0.1:%d/" % (fresh[0]["token"], dead.port),
                                       transport=hostbridge_process.TimeoutTransport(10)) as ui:
            self.assertTrue(wait_for(lambda: ui.hosts() and ui.hosts()[0]["port"] == host.port, timeout=15))

    def test_host_sends_no_token_to_what_answers_as_the_killed_ui(self):
        dead = self.killed_ui()
        pretender = PretendUi(dead.port, dead.pid)
        threading.Thread(target=pretender.serve_forever, daemon=True).start()
        self.addCleanup(pretender.server_close)
        self.addCleanup(pretender.shutdown)
        host = self.demo_host(dead.port)
        self.assertTrue(wait_for(lambda: "not a confirmed HostBridge UI" in host.stderr_text(), timeout=20),
                        host.stderr_text())
        self.assertNotIn("launched", host.stderr_text())
        with host.proxy() as proxy:
            self.assertIn("message", proxy.ping())  # the host serves on
        self.assertTrue(pretender.requests, "the host did not even ping what holds the port")
        for headers, body in pretender.requests:
            for secret in (dead.token, host.token):
                self.assertNotIn(secret.encode(), body)
                self.assertNotIn(secret, headers)
                self.assertNotIn(base64.b64encode(("any:" + secret).encode()).decode(), headers)
            self.assertNotIn(b"<methodName>show</methodName>", body)
        print("\nwhat answered as the killed UI got %d request(s), none with a token; the host said: %s"
              % (len(pretender.requests), [l for l in host.stderr_text().splitlines() if "not a confirmed" in l][0]))

    def run_tool(self, argv):
        env = dict(os.environ, HOSTBRIDGE_RUNTIME_DIR=self.runtime)
        env.pop("HOSTBRIDGE_TOKEN", None)
        return subprocess.run(argv, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, env=env)

    def test_tools_ignore_a_killed_hosts_file_on_a_port_a_live_host_took_over(self):
        port = unused_port()
        dead = self.start("hostbridge-hello-host", "--port", str(port))
        dead.kill()
        with open(dead.file, "rb") as f:
            left_behind = f.read()
        live = self.start("hostbridge-hello-host", "--port", str(port))  # the same port, another token
        self.assertNotEqual(live.token, dead.token)
        call = os.path.join(BIN, "hostbridge-call")

        def with_dead_file(argv):
            """Runs argv with the killed host's file in place, as it left it (hostbridge-call
            deletes dead files it finds)."""
            if not os.path.exists(dead.file):
                fd = os.open(dead.file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as f:
                    f.write(left_behind)
            return self.run_tool(argv)

        for argv in ([sys.executable, CALL_FUNCTION, "add", "2", "3"], [call, "--port", str(port), "add", "2", "3"],
                     [call, "add", "2", "3"]):
            with self.subTest(argv=argv[1:]):
                run = with_dead_file(argv)
                self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
                self.assertEqual(json.loads(run.stdout), 5)
                if argv[0] == call:
                    self.assertFalse(os.path.exists(dead.file), "hostbridge-call left the dead host's file")

        # Only dead hosts' files: no host is running, clearly, and no call is tried.
        live.kill()
        for argv in ([call, "add", "2", "3"], [sys.executable, CALL_FUNCTION, "add", "2", "3"]):
            with self.subTest(argv=argv[1:]):
                run = with_dead_file(argv)
                self.assertEqual(run.returncode, 2, run.stdout + run.stderr)
                self.assertIn("no running host", run.stderr)


    # ---- files trusted too easily (issue 18, items 12 and 13)
    def other_process(self):
        """A live process that is not a HostBridge server (what a reused pid names)."""
        # Start times count clock ticks (10 ms): a real reuse of a pid comes long after its
        # first process started, never within the same tick.
        time.sleep(0.05)
        sleeper = subprocess.Popen(["sleep", "60"])
        self.addCleanup(sleeper.wait)
        self.addCleanup(sleeper.kill)
        return sleeper.pid

    @staticmethod
    def rewrite(path, **changes):
        with open(path) as f:
            info = json.load(f)
        info.update(changes)
        fd = os.open(path + ".new", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(info, f)
        os.replace(path + ".new", path)
        return info

    def test_host_sends_no_token_to_a_ui_file_whose_pid_was_reused(self):
        dead = self.killed_ui()
        reused = self.other_process()
        self.rewrite(dead.file, pid=reused)
        pretender = PretendUi(dead.port, reused)  # answers ping as the file's pid would
        threading.Thread(target=pretender.serve_forever, daemon=True).start()
        self.addCleanup(pretender.server_close)
        self.addCleanup(pretender.shutdown)
        host = self.demo_host(dead.port)
        self.assertTrue(wait_for(lambda: "not a confirmed HostBridge UI" in host.stderr_text(), timeout=20),
                        host.stderr_text())
        self.assertNotIn("already running", host.stderr_text())
        for headers, body in pretender.requests:
            self.assertNotIn(dead.token.encode(), body)
            self.assertNotIn(dead.token, headers)
            self.assertNotIn(base64.b64encode(("any:" + dead.token).encode()).decode(), headers)
            self.assertNotIn(b"<methodName>show</methodName>", body)
        print("\nui-%d.json naming live process %d (not the UI that wrote it): %d request(s) to the port, "
              "none with its token" % (dead.port, reused, len(pretender.requests)))

    def test_tools_ignore_files_of_a_reused_pid_or_another_user(self):
        call = os.path.join(BIN, "hostbridge-call")
        dead = self.start("hostbridge-hello-host", "--port", "0")
        dead.kill()
        self.rewrite(dead.file, pid=self.other_process())
        run = self.run_tool([sys.executable, CALL_FUNCTION, "add", "2", "3"])
        self.assertEqual(run.returncode, 2, run.stdout + run.stderr)
        self.assertIn("no running host", run.stderr)
        run = self.run_tool([call, "add", "2", "3"])
        print("\nhostbridge-call with only a file whose pid was reused: exit %d, %s"
              % (run.returncode, run.stderr.strip().splitlines()[0] if run.stderr.strip() else ""))
        self.assertEqual(run.returncode, 2, run.stdout + run.stderr)
        self.assertIn("no running host", run.stderr)
        self.assertFalse(os.path.exists(dead.file), "the stale file was kept")

        live = self.start("hostbridge-hello-host", "--port", "0")
        if os.geteuid() == 0:  # only root can give a file to another user
            os.chown(live.file, 65534, 65534)
            for argv in ([call, "add", "2", "3"], [sys.executable, CALL_FUNCTION, "add", "2", "3"]):
                run = self.run_tool(argv)
                print("%s with only a live host's file owned by another user: exit %d"
                      % (os.path.basename(argv[-4]), run.returncode))
                self.assertEqual(run.returncode, 2, run.stdout + run.stderr)
            os.chown(live.file, 0, 0)
        run = self.run_tool([call, "add", "2", "3"])
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)

    def test_a_runtime_directory_others_can_write_is_refused_and_left_alone(self):
        shared = os.path.join(self.runtime, "shared")
        os.mkdir(shared)
        os.chmod(shared, 0o1777)  # as /tmp is
        process = ServerProcess([os.path.join(BIN, "hostbridge-hello-host"), "--port", "0"], shared, wait=False)
        self.processes.append(process)
        status = process.wait(timeout=20)
        message = process.stderr_text().strip()
        print("\nhello-host with HOSTBRIDGE_RUNTIME_DIR mode 1777: exit %s, %r; mode after: %o"
              % (status, message[-300:], os.stat(shared).st_mode & 0o7777))
        self.assertNotEqual(status, 0)
        self.assertIn("can be written by other users", message)
        self.assertEqual(os.stat(shared).st_mode & 0o7777, 0o1777)


def set_bin(path):
    global BIN
    BIN = path


if __name__ == "__main__":
    hostbridge_process.main_with_bin(set_bin)
