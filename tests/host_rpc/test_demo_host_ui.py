#!/usr/bin/env python3
"""The demo host's link to the UI, end to end, on free test ports (never 9090).

With stand_in_ui.py (--ui PATH): show carries HostToken, ContextLabel and WindowTitle, and
heartbeats arrive; a squatter on the UI port is reported and the host serves on; --no-ui
never touches the UI port. With the real build/bin/hostbridge-ui ($HOSTBRIDGE_UI, offscreen):
the host launches it detached, its connection file appears, it calls the host back with the
HostToken, the token is not on its command line, a killed UI is relaunched and shown again,
and a stopped host exits cleanly while the UI keeps running.
"""
import json, os, shutil, signal, socket, subprocess, sys, tempfile, threading, time, unittest, xmlrpc.client

import test_demo_host as demo  # DemoHost, configure
from loopback_ports import unused_port
from hostbridge_process import alive, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
STAND_IN = os.path.join(HERE, "stand_in_ui.py")


def port_open(port):
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) == 0




def read_ui_file(port):
    path = os.path.join(demo.RUNTIME_DIR, "ui-%d.json" % port)
    try:
        with open(path, encoding="utf-8") as f:
            info = json.load(f)
    except (OSError, ValueError):
        return None
    return info if alive(info["pid"]) else None


def ui_proxy(info, timeout=5):
    return xmlrpc.client.ServerProxy("http://any:%s@127.0.0.1:%d/" % (info["token"], info["port"]),
                                     allow_none=True, transport=demo.TimeoutTransport(timeout))


class UiProcesses:
    """Every UI pid seen; killed at the end."""

    def __init__(self):
        self.pids = set()

    def note(self, info):
        if info:
            self.pids.add(info["pid"])
        return info

    def cleanup(self):
        for pid in self.pids:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        wait_for(lambda: not any(alive(p) for p in self.pids), timeout=10)


class StandInUi(unittest.TestCase):
    def setUp(self):
        self.uis = UiProcesses()
        self.extra = []

    def tearDown(self):
        for p in self.extra:
            if p.poll() is None:
                p.kill()
                p.wait(timeout=10)
        self.uis.cleanup()

    def test_show_with_host_token_and_heartbeats(self):
        ui_port = unused_port()
        host = demo.DemoHost("--ui-port", str(ui_port), "--ui", STAND_IN, "--heartbeat-interval", "200", ui=True)
        try:
            info = self.uis.note(wait_for(lambda: read_ui_file(ui_port)))
            self.assertTrue(info, host.log())
            calls = lambda name: [c for c in ui_proxy(info).stand_in.calls() if c[1] == name]
            shows = wait_for(lambda: calls("show"))
            self.assertEqual(len(shows), 1, host.log())
            self.assertEqual(shows[0][2], host.port)
            settings = shows[0][3]
            self.assertEqual(settings["HostToken"], host.token)
            self.assertIn("demo scene", settings["ContextLabel"])
            self.assertIn(str(host.port), settings["WindowTitle"])
            self.assertAlmostEqual(settings["HeartbeatInterval"], 0.2)
            self.assertTrue(wait_for(lambda: len(calls("heartbeat")) >= 4), host.log())
            self.assertNotIn(info["token"], " ".join(ui_proxy(info).stand_in.cmdline()))
            self.assertEqual(host.terminate(), 0, host.log())
            after = len(calls("heartbeat"))
            time.sleep(0.6)
            self.assertEqual(len(calls("heartbeat")), after)  # the UI sees the heartbeats stop
            self.assertTrue(alive(info["pid"]))  # detached: it outlives the host
        finally:
            host.kill()

    def test_live_progress_notice_and_question(self):
        # ExtractFiles works 1.5 s per instance in 10 steps, each a record and a progress that
        # must reach the UI while process() runs; then a notice on "published", then a question
        # whose asker (the main thread) serves the UI's call-back into /pyblish.
        ui_port = unused_port()
        output = tempfile.mkdtemp(prefix="hb-live-")
        self.addCleanup(shutil.rmtree, output, True)
        host = demo.DemoHost("--ui-port", str(ui_port), "--ui", STAND_IN, "--extract-time", "1500",
                             "--output", output, ui=True)
        try:
            info = self.uis.note(wait_for(lambda: read_ui_file(ui_port)))
            self.assertTrue(info, host.log())
            ui = ui_proxy(info)
            calls = lambda name: [c for c in ui.stand_in.calls() if c[1] == name]
            self.assertTrue(wait_for(lambda: calls("show")), host.log())
            pyblish = host.proxy("/pyblish")
            pyblish.reset()
            plugins = pyblish.discover()
            for plugin in plugins:
                if plugin["type"] == "Collector":
                    pyblish.process(plugin, None, None)
            instance = pyblish.context()["children"][0]
            extract = next(p for p in plugins if p["name"] == "ExtractFiles")

            def updates():
                return [u for c in calls("publish_update") for u in c[3]
                        if u["plugin"] == extract["id"] and u["instance"] == instance["id"]]

            outcome = {}
            worker = threading.Thread(target=lambda: outcome.update(
                result=host.proxy("/pyblish", timeout=30).process(extract, instance, None)))
            worker.start()
            started = time.monotonic()
            seen_while_running = 0
            while worker.is_alive() and time.monotonic() - started < 20:
                count = len(updates())
                if worker.is_alive():  # counted only when fetched before process() returned
                    seen_while_running = max(seen_while_running, count)
                time.sleep(0.1)
            worker.join(30)
            self.assertGreaterEqual(seen_while_running, 6, host.log())  # 3 steps or more, live
            result = outcome["result"]
            self.assertTrue(result["success"], result)
            self.assertTrue(wait_for(lambda: len(updates()) == 21), (updates(), host.log()))
            got = updates()
            records = [u for u in got if u["kind"] == "record"]
            progress = [u for u in got if u["kind"] == "progress"]
            self.assertEqual([r["index"] for r in records], list(range(11)))
            self.assertEqual([r["record"] for r in records], result["records"])  # the same records, the same order
            self.assertEqual([(p["done"], p["total"]) for p in progress], [(i, 10) for i in range(1, 11)])
            self.assertEqual(got[0]["kind"], "record")
            self.assertEqual(got[1], {"kind": "progress", "plugin": extract["id"], "instance": instance["id"],
                                      "call": result["call"], "done": 1, "total": 10, "message": "part 1 of 10"})
            self.assertEqual({u["call"] for u in got}, {result["call"]})  # every update names its run

            pyblish.emit("published", {})
            notices = wait_for(lambda: calls("notify"))
            self.assertTrue(notices, host.log())
            self.assertEqual(notices[0][2], host.port)
            self.assertEqual(notices[0][3]["level"], "warning")  # no integrator ran: not published
            self.assertEqual(notices[0][3]["title"], "Not published")

            ui.stand_in.configure({"ask_answer": "Yes", "ask_callback": "context", "ask_delay": 0.2})
            self.assertEqual(host.proxy().scene.confirm("Publish anyway?", 5), "Yes")
            asked = calls("ask")
            self.assertEqual(asked[0][3], {"question": "Publish anyway?", "choices": ["Yes", "No"],
                                           "default": "No", "timeout": 5.0})
            callback = calls("ask_callback")[0][2]
            self.assertEqual(callback[0], "ok", callback)
            self.assertEqual(host.terminate(), 0, host.log())
        finally:
            host.kill()

        # Without a UI: the default at once, and nothing is pushed (no drops to report).
        headless = demo.DemoHost("--extract-time", "100", "--output", output)
        try:
            before = time.monotonic()
            self.assertEqual(headless.proxy().scene.confirm("Publish anyway?"), "No")
            self.assertLess(time.monotonic() - before, 1.0)
            self.assertEqual(headless.terminate(), 0, headless.log())
            self.assertNotIn("dropping", headless.log())
        finally:
            headless.kill()

    def test_squatter_is_reported_and_the_host_serves_on(self):
        ui_port = unused_port()
        squatter = subprocess.Popen([sys.executable, STAND_IN, "--port", str(ui_port), "--mode", "wrong-ping"],
                                    stdout=subprocess.DEVNULL)
        self.extra.append(squatter)
        self.assertTrue(wait_for(lambda: port_open(ui_port), timeout=10))
        host = demo.DemoHost("--ui-port", str(ui_port), "--ui", STAND_IN, ui=True)
        try:
            self.assertTrue(wait_for(lambda: "not a confirmed HostBridge UI" in host.log(), timeout=15), host.log())
            self.assertIn("port %d" % ui_port, host.log())
            self.assertIn("message", host.proxy().ping())
            self.assertIsNone(read_ui_file(ui_port))
            self.assertNotIn("launched", host.log())
            self.assertEqual(host.terminate(), 0, host.log())
        finally:
            host.kill()

    def test_no_ui_never_touches_the_ui_port(self):
        ui_port = unused_port()
        host = demo.DemoHost("--ui-port", str(ui_port), "--ui", STAND_IN, "--no-ui", ui=True)
        try:
            time.sleep(1.0)
            self.assertIsNone(read_ui_file(ui_port))
            self.assertFalse(port_open(ui_port))
            self.assertEqual(host.terminate(), 0, host.log())
        finally:
            host.kill()


@unittest.skipUnless(os.environ.get("HOSTBRIDGE_UI") and os.access(os.environ.get("HOSTBRIDGE_UI", ""), os.X_OK),
                     "no hostbridge-ui build ($HOSTBRIDGE_UI)")
class RealUi(unittest.TestCase):
    def setUp(self):
        self.uis = UiProcesses()

    def tearDown(self):
        self.uis.cleanup()

    def pyblish_requests(self, host):
        proxy = host.proxy("/pyblish", timeout=10)
        return proxy.stats()["totalRequestCount"]

    def test_launch_show_relaunch_and_stop(self):
        ui_port = unused_port()
        env = {"QT_QPA_PLATFORM": "offscreen"}
        host = demo.DemoHost("--ui-port", str(ui_port), "--heartbeat-interval", "250", ui=True, env_extra=env)
        try:
            info = self.uis.note(wait_for(lambda: read_ui_file(ui_port)))
            self.assertTrue(info, host.log())
            ping = ui_proxy(info).ping()
            self.assertEqual(ping["application"], "hostbridge-ui")
            self.assertEqual(ping["pid"], info["pid"])
            with open("/proc/%d/cmdline" % info["pid"], "rb") as f:
                cmdline = f.read().decode("utf-8", "replace")
            self.assertIn("--port", cmdline)
            self.assertNotIn(info["token"], cmdline)
            self.assertNotIn(host.token, cmdline)
            with open("/proc/%d/stat" % info["pid"]) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            self.assertNotEqual(int(fields[1]), host.proc.pid)  # detached: not the host's child
            self.assertNotEqual(int(fields[3]), os.getsid(host.proc.pid))  # its own session
            # The UI knows the host: shown with HostToken, it calls the host's /pyblish back.
            self.assertTrue(wait_for(lambda: self.pyblish_requests(host) > 1), host.log())

            # Killed: the host launches it again and shows it again.
            os.kill(info["pid"], signal.SIGKILL)
            second = self.uis.note(wait_for(lambda: (lambda i: i if i and i["pid"] != info["pid"] else None)(
                read_ui_file(ui_port))))
            self.assertTrue(second, host.log())
            before = self.pyblish_requests(host)
            self.assertTrue(wait_for(lambda: self.pyblish_requests(host) > before + 1), host.log())
            self.assertEqual(ui_proxy(second).ping()["application"], "hostbridge-ui")

            # Stopped: clean exit, its connection file goes, the UI runs on without heartbeats.
            self.assertEqual(host.terminate(), 0, host.log())
            self.assertFalse(os.path.exists(host.file))
            self.assertTrue(alive(second["pid"]))
            self.assertTrue(ui_proxy(second).quit())
            self.assertTrue(wait_for(lambda: not alive(second["pid"]), timeout=15))
        finally:
            host.kill()


def main():
    unittest.main(argv=[sys.argv[0]] + demo.configure(), verbosity=2)


if __name__ == "__main__":
    main()
