#!/usr/bin/env python3
"""The pyblish UI's side of a publish, played by Python's stdlib against the real demo host.

    test_demo_publishing.py --bin BUILD/bin [unittest options]

Drives http://127.0.0.1:<port>/pyblish the way pyblish-qml 0.8 does: the reset sequence
(stats, reset, context, discover, each collector then context, context, stats, emit reset),
validate (validators only, asking test() before each plug-in), an action, repair of the
failing validator, validate again, publish (everything after validation) and checks the files
in the versioned publish folder. Then the headless --publish and its exit codes.

Reuses DemoHost from test_demo_host.py (same folder). Standard library only; every call has a
socket timeout, every wait is bounded, hosts are killed in tearDown if still running.
"""

import os
import subprocess
import sys
import tempfile
import unittest
import xmlrpc.client

import test_demo_host as demo  # DemoHost, configure

INVALID_PARAMS = -32602
PUBLISH_TIMEOUT_S = 60
FAMILIES = {"model", "rig", "camera", "look", "animation"}


def matches(plugin, instance):
    """pyblish's family match, as the UI does it."""
    wanted = plugin["families"]
    data = instance["data"]
    return "*" in wanted or data["family"] in wanted or any(f in wanted for f in data.get("families", []))


class UiDriver:
    """What pyblish-qml does with a host, one call at a time."""

    def __init__(self, proxy):
        self.proxy = proxy
        self.plugins = []
        self.context = None
        self.processed = 0  # process/repair calls since the last reset

    def reset(self):
        self.proxy.stats()
        self.proxy.reset()
        self.context = self.proxy.context()
        self.plugins = self.proxy.discover()
        self.processed = 0
        for plugin in self.plugins:
            if plugin["order"] >= 1:
                continue
            self.run(plugin)
            self.context = self.proxy.context()  # collectors add instances
        self.context = self.proxy.context()
        self.proxy.stats()
        self.proxy.emit("reset", {})

    def run(self, plugin):
        """One plug-in: once on the context, or on every compatible toggled-on instance."""
        results = []
        if not plugin["instanceEnabled"]:
            results.append(self.proxy.process(plugin, None, None))
        else:
            for instance in self.context["children"]:
                if instance["data"]["publish"] and matches(plugin, instance):
                    results.append(self.proxy.process(plugin, instance, None))
        self.processed += len(results)
        return results

    def run_range(self, low, high):
        """Plug-ins with low <= order < high, asking test() before each; (results, stop message)."""
        results, orders_with_error = [], []
        for plugin in self.plugins:
            if not low <= plugin["order"] < high:
                continue
            stop = self.proxy.test({"nextOrder": plugin["order"], "ordersWithError": orders_with_error})
            if stop:
                return results, stop
            if not plugin["active"]:
                continue
            for result in self.run(plugin):
                results.append(result)
                if not result["success"] and plugin["order"] not in orders_with_error:
                    orders_with_error.append(plugin["order"])
        return results, None


class PyblishDriveTest(unittest.TestCase):
    def setUp(self):
        self.output = tempfile.mkdtemp(prefix="hostbridge-publish-", dir=demo.RUNTIME_DIR)
        self.host = demo.DemoHost("--output", self.output)

    def tearDown(self):
        self.host.kill()

    def pyblish(self):
        return self.host.proxy("/pyblish")

    def test_reset_validate_repair_publish(self):
        proxy = self.pyblish()
        scene = self.host.proxy()
        self.assertIn("message", proxy.ping())
        before = proxy.stats()["totalRequestCount"]
        self.assertEqual(proxy.stats()["totalRequestCount"], before + 1)  # this one included

        ui = UiDriver(proxy)
        ui.reset()

        # Context and plug-ins as the UI reads them.
        self.assertEqual(ui.context["name"], "Context")
        for key in ("host", "port", "user", "connectTime"):
            self.assertIn(key, ui.context["data"])
        self.assertEqual(ui.context["data"]["port"], self.host.port)
        instances = {i["name"]: i for i in ui.context["children"]}
        self.assertEqual(len(instances), 13)
        self.assertEqual({i["data"]["family"] for i in instances.values()}, FAMILIES)
        by_name = {p["name"]: p for p in ui.plugins}
        self.assertEqual([p["type"] for p in ui.plugins],
                         ["Collector"] * 5 + ["Validator"] * 3 + ["Extractor", "Integrator"])
        self.assertIsInstance(by_name["ValidateNaming"]["order"], int)      # whole orders are <int>
        self.assertIsInstance(by_name["ValidateFrameRange"]["order"], float)  # others <double>
        self.assertTrue(by_name["ValidateNaming"]["hasRepair"])
        self.assertTrue(by_name["ValidateFrameRange"]["optional"])
        self.assertEqual([a["id"] for a in by_name["ValidateLookShaders"]["actions"]], ["selectLooks"])
        self.assertEqual(len(proxy.results()), 5)  # the five collectors, kept by the host

        # Toggle the optional validator off, as a user would; the host learns it through emit.
        frames = by_name["ValidateFrameRange"]
        proxy.emit("pluginToggled", {"plugin": frames["id"], "new_value": False, "old_value": True})
        ui.plugins = proxy.discover()
        self.assertFalse({p["name"]: p for p in ui.plugins}["ValidateFrameRange"]["active"])
        # And one instance off: it is neither validated nor published.
        witness = instances["witness_CAM"]
        proxy.emit("instanceToggled", {"instance": witness["id"], "new_value": False, "old_value": True})
        ui.context = proxy.context()
        self.assertFalse({i["name"]: i for i in ui.context["children"]}["witness_CAM"]["data"]["publish"])

        # Validate: validators only; only tree_geo fails, with file, line and function.
        results, stop = ui.run_range(1, 2)
        self.assertIsNone(stop)
        failed = [r for r in results if not r["success"]]
        self.assertEqual([(r["plugin"]["name"], r["instance"]["name"]) for r in failed], [("ValidateNaming", "tree_geo")])
        error = failed[0]["error"]
        self.assertIn("should end with _GEO", error["message"])
        self.assertTrue(error["fname"].endswith("plugins.cpp"), error)
        self.assertGreater(error["line_number"], 0)
        self.assertTrue(error["func"])
        self.assertTrue(failed[0]["records"])
        self.assertNotIn("ValidateFrameRange", {r["plugin"]["name"] for r in results})  # toggled off
        self.assertNotIn("witness_CAM", {r["instance"]["name"] for r in results})
        self.assertTrue(all(isinstance(r["duration"], float) for r in results))
        proxy.emit("validated", {})

        # The stop rule now stops a publish.
        self.assertEqual(proxy.test({"nextOrder": 2, "ordersWithError": [1]}), "failed validation")
        self.assertIsNone(proxy.test({"nextOrder": 1.2, "ordersWithError": [1]}))

        # The action selects the looks in the scene.
        looks = by_name["ValidateLookShaders"]
        acted = proxy.process(looks, None, "selectLooks")
        self.assertTrue(acted["success"], acted)
        self.assertEqual(sorted(n["name"] for n in scene.scene.ls() if n["selected"]), ["castle_LOOK", "hero_LOOK"])

        # Repair the failing one: the node is renamed in the scene.
        naming = by_name["ValidateNaming"]
        repaired = proxy.repair(naming, failed[0]["instance"])
        self.assertTrue(repaired["success"], repaired)
        self.assertIn("tree_GEO", [n["name"] for n in scene.scene.ls()])
        ui.context = proxy.context()

        # Validate again: clean. Then publish everything after validation.
        results, stop = ui.run_range(1, 2)
        self.assertIsNone(stop)
        self.assertTrue(all(r["success"] for r in results), [r["error"] for r in results if not r["success"]])
        proxy.emit("validated", {})
        results, stop = ui.run_range(2, 4)
        self.assertIsNone(stop)
        self.assertTrue(results)
        self.assertTrue(all(r["success"] for r in results), [r["error"] for r in results if not r["success"]])
        proxy.emit("published", {})

        # Every instance landed, complete, in its first version folder; nothing left in staging.
        published = os.path.join(self.output, "publish")
        self.assertFalse(os.path.exists(os.path.join(published, "witness_CAM")))  # toggled off
        for instance in proxy.context()["children"]:
            if not instance["data"]["publish"]:
                continue
            name, family = instance["name"], instance["data"]["family"]
            folder = os.path.join(published, name)
            self.assertEqual(os.listdir(folder), ["v001"], name)
            self.assertEqual(os.listdir(os.path.join(folder, "v001")), ["%s.%s.json" % (name, family)])
        self.assertEqual(os.listdir(os.path.join(self.output, "staging")), [])

        # The host kept every result of the session, in order; ids change on reset.
        kept = proxy.results()
        self.assertEqual(len(kept), ui.processed + 2)  # + the action and the repair
        self.assertEqual(kept[0]["plugin"]["name"], "CollectModels")
        old_ids = {p["id"] for p in ui.plugins} | {i["id"] for i in ui.context["children"]} | {ui.context["id"]}
        ui.reset()
        new_ids = {p["id"] for p in ui.plugins} | {i["id"] for i in ui.context["children"]} | {ui.context["id"]}
        self.assertFalse(old_ids & new_ids)
        try:
            proxy.process(naming, None, None)  # a plug-in of the last session
            self.fail("a stale plug-in id was accepted")
        except xmlrpc.client.Fault as fault:
            self.assertEqual(fault.faultCode, INVALID_PARAMS)
        self.assertIn("the UI emitted 'published'", self.host.log())

        proxy("close")()
        scene("close")()
        self.assertEqual(self.host.terminate(), 0, self.host.log())


class HeadlessPublishTest(unittest.TestCase):
    def publish(self, output, *args):
        env = dict(os.environ, HOSTBRIDGE_RUNTIME_DIR=demo.RUNTIME_DIR)
        return subprocess.run([demo.HOST_BIN, "--publish", "--output", output, *args], env=env,
                              capture_output=True, text=True, timeout=PUBLISH_TIMEOUT_S)

    def test_exit_codes_and_files(self):
        output = tempfile.mkdtemp(prefix="hostbridge-headless-", dir=demo.RUNTIME_DIR)
        published = os.path.join(output, "publish")

        # The misnamed node fails validation: exit 1, nothing extracted or published.
        run = self.publish(output)
        self.assertEqual(run.returncode, 1, run.stdout + run.stderr)
        self.assertIn("FAIL  ValidateNaming on tree_geo", run.stdout)
        self.assertIn("stopped: failed validation", run.stdout)
        self.assertFalse(os.path.exists(published))

        # With --repair: repaired, published again, exit 0, every instance in v001.
        run = self.publish(output, "--repair")
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertIn("repaired ValidateNaming on tree_geo", run.stdout)
        self.assertIn("PUBLISHED", run.stdout)
        self.assertEqual(len(os.listdir(published)), 13)
        self.assertEqual(os.listdir(os.path.join(published, "tree_GEO", "v001")), ["tree_GEO.model.json"])

        # Publishing again makes v002 and leaves v001 alone; no temporary folders stay behind.
        run = self.publish(output, "--repair")
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertEqual(sorted(os.listdir(os.path.join(published, "hero_GEO"))), ["v001", "v002"])
        leftovers = [p for root, dirs, files in os.walk(output) for p in dirs + files if p.startswith(".")]
        self.assertEqual(leftovers, [])

        # --repair alone is a usage error.
        env = dict(os.environ, HOSTBRIDGE_RUNTIME_DIR=demo.RUNTIME_DIR)
        usage = subprocess.run([demo.HOST_BIN, "--repair"], env=env, capture_output=True, text=True,
                               timeout=PUBLISH_TIMEOUT_S)
        self.assertEqual(usage.returncode, 2)


def main():
    unittest.main(argv=[sys.argv[0]] + demo.configure(), verbosity=2)


if __name__ == "__main__":
    main()
