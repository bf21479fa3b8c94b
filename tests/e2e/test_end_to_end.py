#!/usr/bin/env python3
"""End to end with the real processes: hostbridge-demo-host launching the real hostbridge-ui
(offscreen) over real sockets, on free test ports (never 9090). Python's stdlib plays the
script or the artist's other tools, and checks what the processes did:

- the host and the UI link over each other's Unix socket, which their connection files offer
  (so every test here runs over them);
- a publish driven through the UI (--run validate,repair,publish) writes every file into the
  versioned publish folder, the host's report says PUBLISHED, and the UI writes its PNG;
- the host killed while idle: the UI shows it disconnected within seconds (hosts()), and stays
  usable: a second host shows it and works;
- two hosts showing the same UI: the second reuses it (no second launch), the UI lists both
  and works for the one that showed it last; switching back shows the first host's kept session;
- the host's main thread blocked for 30 s: ping still answers at once, main-thread calls get
  Busy at their deadline, the UI shows the host busy (not gone) and the fault in words, and all
  works again afterwards;
- the UI port taken by a squatter: the host reports it and serves on, and hostbridge-ui on that
  port exits 1 naming it;
- a plug-in that logs and reports progress for seconds: the UI's row shows its progress and its
  log the records while it runs (checked before its Result exists), and each record is in the
  log exactly once after it.

The UI or the host killed at each stage of a publish: test_publish_faults.py.
"""
import json, os, socket, subprocess, threading, time, unittest, xmlrpc.client

from hostbridge_process import main_with_bin, wait_for
from demo_session import Session, png_size, published_files, pyblish
from unix_connections import connections_on

BIN = None


class EndToEnd(unittest.TestCase):
    def setUp(self):
        self.session = Session(BIN)

    def tearDown(self):
        self.session.close()

    def test_publish_through_the_ui(self):
        s = self.session
        started = time.monotonic()
        host = s.start_host(run="validate,repair,publish")
        report = os.path.join(s.output, "publish-report.txt")
        self.assertTrue(wait_for(lambda: os.path.exists(report)), host.stderr_text())
        print("validate, repair and publish through the UI: %.1f s" % (time.monotonic() - started))
        with open(report) as f:
            text = f.read()
        self.assertIn("PUBLISHED", text)
        self.assertIn("repair of ValidateNaming on tree_geo", text)
        files = published_files(s.output)
        # Every one of the scene's 13 instances, version 1, under its repaired name.
        self.assertEqual(len(files), 13, files)
        self.assertIn("publish/tree_GEO/v001/tree_GEO.model.json", files)
        self.assertFalse([f for f in os.listdir(os.path.join(s.output, "publish")) if f.startswith(".")])
        self.assertEqual(wait_for(lambda: png_size(s.png) if os.path.exists(s.png) else None), (430, 600))
        # The host counted one launch; the UI lists the host as the one it works for.
        self.assertIn("launched", host.stderr_text())
        self.assertTrue(s.ui_hosts()[host.port]["current"])

    def test_live_progress_and_records_while_a_plug_in_runs(self):
        s = self.session
        # ExtractFiles works 1.5 s per instance in 10 steps, logging and reporting each.
        host = s.start_host("--extract-time", "1500", run="validate,repair,publish")
        service = pyblish(host)

        def extractor_results():  # waits for the host's main thread: only once the run is over
            return sum(1 for r in service.results() if r["plugin"]["name"] == "ExtractFiles")

        def showing_progress():
            if not s.ui_info():
                return None  # not launched yet
            with s.ui() as ui:
                state = ui.ui.state()
            return 0 < state["liveFraction"] < 1 and state

        state = wait_for(showing_progress, step=0.05)
        self.assertTrue(state, host.stderr_text())
        # The UI shows live text only between a call's start and its Result: a fraction under 1
        # means the extractor is still running, and its records are in the log already.
        self.assertRegex(state["live"], r"^\d+ / 10 ")
        running_on = state["status"].rsplit(" on ", 1)[1]
        with s.ui() as ui:
            live_lines = [l for l in ui.ui.log(0)
                          if l["plugin"] == "Write files" and l["instance"] == running_on and l["kind"] == "record"]
        self.assertTrue(live_lines, "no record of the running extractor in the log while it runs")

        # When it has finished, each record of the first extraction is in the log exactly once,
        # in order, though some came live and the rest with the Result.
        self.assertTrue(wait_for(lambda: extractor_results() >= 1, timeout=30))
        first = next(r for r in service.results() if r["plugin"]["name"] == "ExtractFiles")
        instance = first["instance"]["data"]["label"]
        expected = [r["message"] for r in first["records"]]

        def logged():
            with s.ui() as ui:
                lines = ui.ui.log(0)
            return [l["message"] for l in lines
                    if l["plugin"] == "Write files" and l["instance"] == instance and l["kind"] == "record"]

        self.assertTrue(wait_for(lambda: logged() == expected, timeout=10), (logged(), expected))
        print("live: %r; %d records of the first extraction, each logged once" % (state["live"], len(expected)))

    def test_host_and_ui_link_over_their_unix_sockets(self):
        s = self.session
        host = s.start_host(run="validate")
        self.assertTrue(wait_for(lambda: s.ui_hosts().get(host.port, {}).get("state") == "connected"), s.ui_hosts())
        with open(host.file) as f:
            host_socket = json.load(f)["socket"]
        ui_socket = s.ui_info()["socket"]
        self.assertEqual(os.path.basename(host_socket), "host-%d.sock" % host.pid)
        self.assertEqual(os.path.basename(ui_socket), "ui-%d.sock" % s.ui_port)
        for path in (host_socket, ui_socket):
            self.assertEqual(os.stat(path).st_mode & 0o777, 0o600, path)
        # The UI's calls to the host arrive on the host's socket, the host's heartbeats on the UI's.
        self.assertTrue(wait_for(lambda: connections_on(host_socket) > 0), "no connection on " + host_socket)
        self.assertTrue(wait_for(lambda: connections_on(ui_socket) > 0), "no connection on " + ui_socket)
        self.assertTrue(wait_for(lambda: s.ui_state()["phase"] == "idle"), s.ui_state())

    def test_killed_host_shows_disconnected_and_the_ui_stays_usable(self):
        s = self.session
        first = s.start_host(run="validate")
        self.assertTrue(wait_for(lambda: s.ui_hosts().get(first.port, {}).get("state") == "connected"))
        gone = time.monotonic()
        first.kill()
        self.assertTrue(wait_for(lambda: s.ui_hosts().get(first.port, {}).get("state") == "disconnected",
                                 timeout=20), s.ui_hosts())
        print("killed host shown as disconnected after %.1f s" % (time.monotonic() - gone))
        with s.ui() as ui:
            self.assertEqual(ui.ping()["application"], "hostbridge-ui")
        # Still usable: another host shows the same UI and works with it.
        second = s.start_host()
        self.assertTrue(wait_for(lambda: s.ui_hosts().get(second.port, {}).get("current")))
        self.assertIn("using the HostBridge UI already running", second.stderr_text())
        self.assertTrue(wait_for(lambda: "emitted 'reset'" in second.stderr_text()), second.stderr_text())
        self.assertEqual(s.ui_hosts()[first.port]["state"], "disconnected")

    def test_two_hosts_share_one_ui(self):
        s = self.session
        first = s.start_host()
        self.assertTrue(wait_for(lambda: s.ui_hosts().get(first.port, {}).get("current")), first.stderr_text())
        # The first host's reset sequence done (a show from the second would cut it short).
        self.assertTrue(wait_for(lambda: "emitted 'reset'" in first.stderr_text()), first.stderr_text())
        ui_pid = s.ui_info()["pid"]
        second = s.start_host()
        self.assertTrue(wait_for(lambda: s.ui_hosts().get(second.port, {}).get("current")), second.stderr_text())
        self.assertEqual(s.ui_info()["pid"], ui_pid)  # the second host reused the running UI
        self.assertIn("using the HostBridge UI already running", second.stderr_text())
        self.assertNotIn("launched", second.stderr_text())
        hosts = s.ui_hosts()
        self.assertEqual(set(hosts), {first.port, second.port})
        self.assertFalse(hosts[first.port]["current"])
        self.assertTrue(wait_for(lambda: all(h["state"] == "connected" for h in s.ui_hosts().values())))
        # The UI called the second host back (its reset sequence), with that host's token.
        self.assertTrue(wait_for(lambda: "emitted 'reset'" in second.stderr_text()), second.stderr_text())
        # The artist switches back to the first host (the Hosts tab's "Work for it"): the UI
        # shows the session that host kept, without resetting it away.
        resets_of_first = first.stderr_text().count("emitted 'reset'")
        with s.ui() as ui:
            self.assertTrue(wait_for(lambda: ui.ui.state()["phase"] == "idle"))
            self.assertTrue(ui.ui.switchHost(first.port))
            self.assertTrue(wait_for(lambda: ui.ui.state()["hostPort"] == first.port and ui.ui.state()["phase"] == "idle"))
            self.assertIn("The host's session", ui.ui.state()["status"])
            self.assertFalse(ui.ui.switchHost(1))  # not a host that called
        self.assertTrue(s.ui_hosts()[first.port]["current"])
        self.assertEqual(first.stderr_text().count("emitted 'reset'"), resets_of_first)

    def test_host_main_thread_blocked_for_30_s(self):
        s = self.session
        # Main-thread calls give up after 5 s with Busy; the UI's own calls say "busy" after 2 s.
        host = s.start_host("--main-thread-timeout", "5000")
        self.assertTrue(wait_for(lambda: "emitted 'reset'" in host.stderr_text()), host.stderr_text())
        blocker = threading.Thread(target=lambda: host.proxy(timeout=60).scene.block(30000))
        blocked_at = time.monotonic()
        blocker.start()
        try:
            time.sleep(0.3)  # the block has reached the main loop
            for _ in range(5):  # ping never waits for the main thread
                started = time.monotonic()
                self.assertIn("message", host.proxy().ping())
                self.assertLess(time.monotonic() - started, 0.5)
            started = time.monotonic()
            with self.assertRaises(xmlrpc.client.Fault) as busy:
                host.proxy().scene.ls()
            self.assertEqual(busy.exception.faultCode, -32001)  # Busy, at the deadline
            print("main-thread call answered Busy after %.1f s" % (time.monotonic() - started))
            # The artist presses Reset: the host's heartbeats still arrive (they come from its
            # link thread), so the UI shows the host busy, not gone, while the call waits.
            with s.ui() as ui:
                self.assertTrue(ui.ui.run("reset"))
                self.assertFalse(ui.ui.run("reset"))  # no double-firing while it runs
            state = wait_for(lambda: s.ui_hosts().get(host.port, {}).get("state") == "busy" and s.ui_hosts()[host.port],
                             timeout=10)
            self.assertTrue(state, s.ui_hosts())
            self.assertIn("working on a call", state["detail"])
            with s.ui() as ui:
                self.assertTrue(wait_for(lambda: "busy" in ui.ui.state()["status"], timeout=15), ui.ui.state())
                self.assertTrue(ui.ui.state()["hasError"])
        finally:
            blocker.join(timeout=60)
        print("main thread blocked %.1f s" % (time.monotonic() - blocked_at))
        # Free again: calls work, and the UI can reset.
        self.assertTrue(host.proxy().scene.ls())
        with s.ui() as ui:
            self.assertTrue(wait_for(lambda: ui.ui.run("reset"), timeout=10))
            self.assertTrue(wait_for(lambda: ui.ui.state()["phase"] == "idle" and not ui.ui.state()["hasError"]))
        self.assertEqual(s.ui_hosts()[host.port]["state"], "connected")

    def test_ui_port_taken(self):
        s = self.session
        with socket.socket() as squatter:  # accepts, never answers: not a HostBridge UI
            squatter.bind(("127.0.0.1", s.ui_port))
            squatter.listen(8)
            host = s.start_host()
            self.assertTrue(wait_for(lambda: "is held by something that is not a confirmed HostBridge UI" in host.stderr_text()),
                            host.stderr_text())
            self.assertIn("message", host.proxy().ping())  # the host serves on regardless
            self.assertFalse(s.ui_pids())  # and launched nothing onto the taken port
            ui = subprocess.run([os.path.join(BIN, "hostbridge-ui"), "--port", str(s.ui_port)], capture_output=True,
                                text=True, timeout=60, env=dict(os.environ, HOSTBRIDGE_RUNTIME_DIR=s.runtime))
            self.assertEqual(ui.returncode, 1)
            self.assertIn("port %d on 127.0.0.1 is already in use" % s.ui_port, ui.stderr)


def set_bin(path):
    global BIN
    BIN = path


if __name__ == "__main__":
    main_with_bin(set_bin)
