#!/usr/bin/env python3
"""Faults at every stage of a publish, with the real processes: hostbridge-demo-host launching the
real hostbridge-ui (offscreen), the UI driving validate, repair and publish (--run), and one of
the two killed (SIGKILL) at a stage found by watching, never by sleeping:

| stage         | made long enough by                 | seen as                                          |
|---------------|-------------------------------------|--------------------------------------------------|
| collecting    | --collect-time (each collector)     | ui.state: resetting, a collector done, the next  |
|               |                                     | one's progress under half                        |
| between pairs | --pause-before-extract (the host's  | the host's "pausing ... before extraction" and   |
|               | test() before extraction)           | ui.state publishing: validated, nothing running  |
| extracting    | --extract-time (each extraction)    | ui.state: "Write files on ...", progress under   |
|               |                                     | a third                                          |

The UI killed: the host finishes the call in flight, relaunches the UI and shows it again; the
new UI shows the session the host kept (no reset; every kept process result counted) and a
publish from there completes, with every instance published once. The host killed: the UI shows
it disconnected and its run ended in words, and a new host started afterwards publishes through
the same UI. Either way the publish folder holds only complete version folders, nothing hidden
or temporary. Every wait is bounded; the figures (time to recover, to publish) are printed.
"""
import os, re, signal, time, unittest

from hostbridge_process import main_with_bin, wait_for
from demo_session import Session, published_files, pyblish

BIN = None
INSTANCES = 13  # the demo scene's nodes, one instance each
COLLECTORS = 5  # one per family
STAGE_TIMEOUT_S = 40  # reaching a stage: UI launch (QML load) and the run before it, on a loaded machine
RECOVER_TIMEOUT_S = 30
PUBLISH_TIMEOUT_S = 60


class Stage:
    def __init__(self, options, seen, plug_in_in_flight, in_reset=False):
        self.options = options      # the demo host's options that make the stage last
        self.seen = seen            # seen(ui state, host) -> bool: the run is at this stage now
        # Whether a plug-in runs at this stage (so it must finish after the kill, and be kept).
        self.plug_in_in_flight = plug_in_in_flight
        # Whether the kill cuts the reset short, so that there is no whole session to keep yet.
        self.in_reset = in_reset


STAGES = {
    "collecting": Stage(
        ["--collect-time", "600"],
        lambda state, host: (state["phase"] == "resetting" and state["done"] >= 1
                             and 0 < state["liveFraction"] <= 0.3),
        True, in_reset=True),
    "between pairs": Stage(
        ["--pause-before-extract", "1500"],
        lambda state, host: state["phase"] == "publishing" and "before extraction" in host.stderr_text(),
        False),
    "extracting": Stage(
        ["--extract-time", "450"],
        lambda state, host: (state["phase"] == "publishing" and state["status"].startswith("Write files on ")
                             and 0 < state["liveFraction"] <= 0.3),
        True),
}


def last_record_time(result):
    return max((r["created"] for r in result["records"]), default=0)


class PublishFaults(unittest.TestCase):
    def setUp(self):
        self.session = Session(BIN)

    def tearDown(self):
        self.session.close()

    def check_publish_folder(self, versions_expected):
        """Only complete version folders, nothing hidden or temporary: publish/<instance>/vNNN/
        holds that instance's one file. Returns how many instances have `versions_expected`."""
        root = os.path.join(self.session.output, "publish")
        if not os.path.isdir(root):
            return 0
        complete = 0
        for instance in os.listdir(root):
            self.assertFalse(instance.startswith("."), "hidden entry in publish/: " + instance)
            versions = sorted(os.listdir(os.path.join(root, instance)))
            for version in versions:
                self.assertRegex(version, r"^v\d{3}$", "partial or temporary entry in publish/%s" % instance)
                files = os.listdir(os.path.join(root, instance, version))
                self.assertEqual(len(files), 1, "publish/%s/%s: %r" % (instance, version, files))
                self.assertRegex(files[0], r"^%s\.\w+\.json$" % re.escape(instance))
            complete += versions == versions_expected
        return complete

    def reach(self, stage, host):
        """Waits until the UI's run is at `stage`; returns the UI's state seen there."""
        s = self.session
        state = wait_for(lambda: (lambda st: st if st and STAGES[stage].seen(st, host) else None)(s.ui_state()),
                         timeout=STAGE_TIMEOUT_S, step=0.02)
        self.assertTrue(state, "stage %r not reached; UI state %r; host: %s" % (stage, s.ui_state(), host.stderr_text()))
        return state

    def publish_is_complete(self, started):
        """The UI has published every instance, once, as v001; returns the seconds it took."""
        s = self.session
        report = os.path.join(s.output, "publish-report.txt")
        state = wait_for(lambda: (lambda st: st if st and st["phase"] == "idle" and st["status"] == "Published" else None)(
            s.ui_state()), timeout=PUBLISH_TIMEOUT_S)
        self.assertTrue(state, "no publish: UI state %r" % s.ui_state())
        took = time.monotonic() - started
        self.assertTrue(wait_for(lambda: os.path.exists(report), timeout=10))
        with open(report) as f:
            self.assertIn("PUBLISHED", f.read())
        self.assertEqual(len(published_files(s.output)), INSTANCES, published_files(s.output))
        self.assertEqual(self.check_publish_folder(["v001"]), INSTANCES)
        return took

    def kill_ui_at(self, stage):
        s = self.session
        host = s.start_host(*STAGES[stage].options, run="validate,repair,publish")
        seen = self.reach(stage, host)
        first_ui = s.ui_info()["pid"]
        resets = host.stderr_text().count("emitted 'reset'")
        killed_at, killed = time.time(), time.monotonic()
        os.kill(first_ui, signal.SIGKILL)

        # Relaunched and shown again by the host, and done reading (or collecting) its session.
        self.assertTrue(wait_for(lambda: (s.ui_info() or {}).get("pid", first_ui) != first_ui, timeout=RECOVER_TIMEOUT_S),
                        host.stderr_text())
        shown = wait_for(lambda: (lambda st: st if st and st["phase"] == "idle" and st["hostPort"] == host.port
                                  and not st["status"].startswith("Reading") else None)(s.ui_state()),
                         timeout=RECOVER_TIMEOUT_S)
        self.assertTrue(shown, "the relaunched UI shows no session: %r; host: %s" % (s.ui_state(), host.stderr_text()))
        recovered = time.monotonic() - killed
        self.assertTrue(s.ui_hosts()[host.port]["current"])
        self.assertIn("launching it again", host.stderr_text())
        with pyblish(host) as service:
            results = service.results()
            instances = len(service.context()["children"])
        processed = [r for r in results if not r.get("action") and not r.get("repair")]

        if STAGES[stage].in_reset:
            # Cut short in its reset, the session must not pass for whole, or a publish would
            # leave part of the scene out: the relaunched UI resets, and its --run steps
            # (validate, repair, publish) then run as after any reset.
            collectors = {r["plugin"]["name"] for r in processed if r["plugin"]["order"] < 1}
            self.assertEqual((len(collectors), instances), (COLLECTORS, INSTANCES),
                             "the relaunched UI shows a cut-short collection as the session (%r): collectors %s"
                             % (shown["status"], sorted(collectors)))
        else:
            # The session kept, shown as it was: no reset, the call in flight finished after the
            # kill and was kept with the rest, every kept process result counted.
            self.assertEqual(host.stderr_text().count("emitted 'reset'"), resets)
            late = [r for r in results if last_record_time(r) > killed_at]
            if STAGES[stage].plug_in_in_flight:
                self.assertTrue(late, "no plug-in finished after the kill: the kill missed the stage")
            else:
                self.assertFalse(late, "a plug-in ran after the kill: the kill missed the stage")
            self.assertRegex(shown["status"], r"^The host's session: %d result\(s\) kept" % len(processed))
            self.assertFalse(published_files(s.output))  # the run was cut before its integrator
            self.check_publish_folder([])

        publishing = time.monotonic()
        if not STAGES[stage].in_reset:  # the artist publishes from the kept session
            with s.ui() as ui:
                self.assertTrue(ui.ui.run("publish"), s.ui_state())
        took = self.publish_is_complete(publishing)
        print("UI killed while %s (UI showed %r, %r): shown again after %.1f s with %r (%d results kept); "
              "publish completed %.1f s later"
              % (stage, seen["status"], seen["live"], recovered, shown["status"], len(results), took))

    def kill_host_at(self, stage):
        s = self.session
        host = s.start_host(*STAGES[stage].options, run="validate,repair,publish")
        seen = self.reach(stage, host)
        killed = time.monotonic()
        host.kill()

        # The UI shows the host gone, and its run ended in words, not hanging.
        self.assertTrue(wait_for(lambda: s.ui_hosts().get(host.port, {}).get("state") == "disconnected",
                                 timeout=RECOVER_TIMEOUT_S), s.ui_hosts())
        disconnected = time.monotonic() - killed
        ended = wait_for(lambda: (lambda st: st if st and st["phase"] == "idle" and st["hasError"] else None)(
            s.ui_state()), timeout=RECOVER_TIMEOUT_S)
        self.assertTrue(ended, s.ui_state())
        self.assertIn("Cannot reach the host on port %d" % host.port, ended["status"])
        self.check_publish_folder([])
        self.assertFalse(published_files(s.output))

        # A host started again publishes through the same UI.
        restarted = time.monotonic()
        again = s.start_host(run="validate,repair,publish")
        self.assertTrue(wait_for(lambda: s.ui_hosts().get(again.port, {}).get("current"), timeout=RECOVER_TIMEOUT_S),
                        again.stderr_text())
        self.assertIn("using the HostBridge UI already running", again.stderr_text())
        took = self.publish_is_complete(restarted)
        self.assertEqual(s.ui_hosts()[host.port]["state"], "disconnected")
        print("host killed while %s (UI showed %r, %r): shown disconnected after %.1f s, the run ended with %r; "
              "a new host published through the same UI in %.1f s"
              % (stage, seen["status"], seen["live"], disconnected, ended["status"], took))

    # The relaunched UI must not take the collectors that ran for the whole session: it
    # collects again (a UI once showed part of the scene as the session here).
    def test_ui_killed_while_collecting(self):
        self.kill_ui_at("collecting")

    def test_ui_killed_between_pairs(self):
        self.kill_ui_at("between pairs")

    def test_ui_killed_while_extracting(self):
        self.kill_ui_at("extracting")

    def test_host_killed_while_collecting(self):
        self.kill_host_at("collecting")

    def test_host_killed_between_pairs(self):
        self.kill_host_at("between pairs")

    def test_host_killed_while_extracting(self):
        self.kill_host_at("extracting")


def set_bin(path):
    global BIN
    BIN = path


if __name__ == "__main__":
    main_with_bin(set_bin)
