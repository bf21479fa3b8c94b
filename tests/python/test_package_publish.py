#!/usr/bin/env python3
"""hostbridge.publish: pyblish-shaped Python plug-ins run by the C++ Publisher, driven through
/pyblish by stdlib xmlrpc.client as the UI drives it (reset, context, discover, process each
pair, test, results), a repair, an action, records with levels and line numbers, an
exception's location in the Result, emit callbacks, and headless publish()."""
import inspect
import threading
import time
import unittest

import hostbridge
from hostbridge import publish
from package_support import client, main

DEADLINE_S = 30


def line_of(function, text):
    """The line number of the first line of `function` that contains `text`."""
    lines, first = inspect.getsourcelines(function)
    return first + next(i for i, line in enumerate(lines) if text in line)


class CollectModels(publish.ContextPlugin):
    """Makes one instance per model of the scene."""
    order = publish.CollectorOrder
    label = "Collect models"
    scene = ("hero_GEO", "prop", "lamp_GEO")

    def process(self, context):
        for index, name in enumerate(self.scene):
            context.create_instance(name, family="model", faces=100 * (index + 1), label=name.upper())
            self.progress(index + 1, len(self.scene), f"collected {name}")
        context.create_instance("cam", family="camera")
        self.log.info("collected %d instances", len(context))


class SelectInvalid(publish.Action):
    """Marks the context so the artist can see the action ran."""
    label = "Select invalid"
    on = "failed"
    icon = "hand-o-up"

    def process(self, context, plugin):
        context.data["selected_by"] = plugin.__name__
        self.log.warning("selected the invalid models")


class ValidateNaming(publish.InstancePlugin):
    """A model's name ends with _GEO."""
    order = publish.ValidatorOrder
    families = ["model"]
    optional = True
    actions = [SelectInvalid]

    def process(self, instance):
        self.log.debug("checking %s", instance.name)
        if not instance.name.endswith("_GEO"):
            raise ValueError(f"{instance.name} should end with _GEO")

    def repair(self, instance):
        instance.data["name"] = instance.name + "_GEO"
        self.log.info("renamed to %s", instance.name)


class ExtractModels(publish.InstancePlugin):
    order = publish.ExtractorOrder
    families = ["model"]

    def process(self, instance):
        instance.data["path"] = f"/publish/{instance.name}.obj"
        self.log.warning("wrote %s", instance.data["path"])


class IntegrateModels(publish.ContextPlugin):
    order = publish.IntegratorOrder

    def process(self, context):
        context.data["published"] = sorted(i.data["path"] for i in context if "path" in i.data)


class MayaOnly(publish.ContextPlugin):
    order = publish.CollectorOrder + 0.5
    hosts = ["maya"]

    def process(self, context):
        raise AssertionError("a Maya plug-in ran in another host")


PLUGINS = [IntegrateModels, ExtractModels, ValidateNaming, CollectModels, MayaOnly]


class GoodScene(CollectModels):
    scene = ("hero_GEO", "lamp_GEO")


def drive_while_pumping(host, drive):
    """Starts `host`, runs `drive(proxy of /pyblish)` on a client thread while this thread pumps
    (it is the host's main thread), stops the host; returns what drive returned."""
    outcome = {}

    def run():
        try:
            with client(host, "/pyblish") as proxy:
                outcome["value"] = drive(proxy)
        except BaseException as e:  # re-raised on this thread
            outcome["error"] = e

    with host:
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        deadline = time.monotonic() + DEADLINE_S
        while thread.is_alive() and time.monotonic() < deadline:
            host.executor.wait(0.05)
            host.executor.pump()
        thread.join(1)
    if "error" in outcome:
        raise outcome["error"]
    if "value" not in outcome:
        raise AssertionError("the client did not finish in time")
    return outcome["value"]


def serve_and_drive(plugins, drive):
    host = hostbridge.Host(connection_file=False)
    publish.serve(host, plugins=plugins, host_name="testhost")
    return drive_while_pumping(host, drive)


class ThroughPyblish(unittest.TestCase):
    def test_the_ui_sequence_collect_validate_repair_extract_integrate(self):
        emitted = []

        def drive(pyblish):
            seen = {}
            pyblish.reset()
            plugins = pyblish.discover()
            seen["plugins"] = plugins
            seen["context0"] = pyblish.context()
            by_name = {p["name"]: p for p in plugins}
            seen["collect"] = pyblish.process(by_name["CollectModels"], None, None)
            context = pyblish.context()
            seen["context"] = context
            instances = {i["name"]: i for i in context["children"]}
            seen["validate"] = {name: pyblish.process(by_name["ValidateNaming"], instance, None)
                                for name, instance in instances.items() if instance["data"]["family"] == "model"}
            seen["test_failed"] = pyblish.test({"nextOrder": 2, "ordersWithError": [1]})
            seen["action"] = pyblish.process(by_name["ValidateNaming"], None, "SelectInvalid")
            seen["repair"] = pyblish.repair(by_name["ValidateNaming"], instances["prop"])
            seen["revalidate"] = pyblish.process(by_name["ValidateNaming"], instances["prop"], None)
            seen["test_ok"] = pyblish.test({"nextOrder": 2, "ordersWithError": []})
            for name in ("hero_GEO", "prop", "lamp_GEO"):
                pyblish.process(by_name["ExtractModels"], instances[name], None)
            seen["integrate"] = pyblish.process(by_name["IntegrateModels"], None, None)
            pyblish.emit("published", {})
            seen["results"] = pyblish.results()
            seen["final"] = pyblish.context()
            return seen

        def on_published(signal, kwargs):
            if signal == "published":
                emitted.append((signal, kwargs, threading.current_thread() is threading.main_thread(),
                                service_holder[0].report()))

        service_holder = []
        host = hostbridge.Host(connection_file=False)
        service_holder.append(publish.serve(host, plugins=PLUGINS, host_name="testhost",
                                            context_data={"project": "demo"}))
        service_holder[0].on_emit(on_published)
        seen = drive_while_pumping(host, drive)

        names = [p["name"] for p in seen["plugins"]]
        self.assertEqual(names, ["CollectModels", "ValidateNaming", "ExtractModels", "IntegrateModels"])  # by order, no Maya
        validate = next(p for p in seen["plugins"] if p["name"] == "ValidateNaming")
        self.assertEqual(validate["type"], "Validator")
        self.assertEqual(validate["families"], ["model"])
        self.assertTrue(validate["optional"])
        self.assertEqual(validate["doc"], "A model's name ends with _GEO.")
        self.assertEqual([(a["id"], a["label"], a["on"], a["icon"]) for a in validate["actions"]],
                         [("SelectInvalid", "Select invalid", "failed", "hand-o-up")])
        self.assertEqual(seen["context0"]["data"]["host"], "testhost")
        self.assertEqual(seen["context0"]["data"]["project"], "demo")

        collect = seen["collect"]
        self.assertTrue(collect["success"], collect)
        self.assertEqual([(r["levelname"], r["message"], r["lineno"]) for r in collect["records"]],
                         [("INFO", "collected 4 instances", line_of(CollectModels.process, "self.log.info"))])
        children = seen["context"]["children"]
        self.assertEqual([i["name"] for i in children], ["hero_GEO", "prop", "lamp_GEO", "cam"])
        self.assertEqual(children[1]["data"]["faces"], 200)
        self.assertEqual(children[1]["data"]["label"], "PROP")
        self.assertEqual(children[3]["data"]["family"], "camera")

        failed = seen["validate"]["prop"]
        self.assertFalse(failed["success"])
        error = failed["error"]
        self.assertEqual(error["message"], "prop should end with _GEO")
        self.assertEqual(error["fname"], __file__)
        self.assertEqual(error["line_number"], line_of(ValidateNaming.process, "raise ValueError"))
        self.assertEqual(error["func"], "process")
        self.assertEqual([(r["levelname"], r["message"]) for r in failed["records"]],
                         [("DEBUG", "checking prop"), ("ERROR", "prop should end with _GEO")])  # the Publisher adds the error
        self.assertTrue(seen["validate"]["hero_GEO"]["success"])
        self.assertEqual(seen["test_failed"], "failed validation")

        action = seen["action"]
        self.assertTrue(action["success"], action)
        self.assertEqual(action["action"], "SelectInvalid")
        self.assertEqual([(r["levelname"], r["lineno"]) for r in action["records"]],
                         [("WARNING", line_of(SelectInvalid.process, "self.log.warning"))])

        repair = seen["repair"]
        self.assertTrue(repair["success"], repair)
        self.assertTrue(repair["repair"])
        self.assertEqual(repair["records"][0]["message"], "renamed to prop_GEO")
        self.assertTrue(seen["revalidate"]["success"], seen["revalidate"])
        self.assertIsNone(seen["test_ok"])

        self.assertTrue(seen["integrate"]["success"], seen["integrate"])
        final = seen["final"]
        self.assertEqual(final["data"]["published"],
                         ["/publish/hero_GEO.obj", "/publish/lamp_GEO.obj", "/publish/prop_GEO.obj"])
        self.assertEqual(final["data"]["selected_by"], "ValidateNaming")
        self.assertEqual(len(seen["results"]), 1 + 3 + 1 + 1 + 1 + 3 + 1)

        self.assertEqual(len(emitted), 1)
        signal, kwargs, on_main, report = emitted[0]
        self.assertEqual((signal, kwargs, on_main), ("published", {}, True))
        self.assertTrue(report.success, report.formatted)
        self.assertEqual(len(report.results), len(seen["results"]))

    def test_a_view_kept_past_its_call_raises(self):
        kept = []

        class Keep(publish.ContextPlugin):
            order = publish.CollectorOrder

            def process(self, context):
                kept.append(context.create_instance("a", family="model"))

        def drive(pyblish):
            pyblish.reset()
            return pyblish.process(pyblish.discover()[0], None, None)

        result = serve_and_drive([Keep], drive)
        self.assertTrue(result["success"], result)
        with self.assertRaisesRegex(RuntimeError, "after the plug-in call"):
            kept[0].name

    def test_a_value_that_cannot_be_sent_fails_the_plugin_with_its_line(self):
        class Unsendable(publish.ContextPlugin):
            order = publish.CollectorOrder

            def process(self, context):
                context.data["node"] = object()

        def drive(pyblish):
            pyblish.reset()
            return pyblish.process(pyblish.discover()[0], None, None)

        result = serve_and_drive([Unsendable], drive)
        self.assertFalse(result["success"])
        self.assertEqual(result["error"]["line_number"], line_of(Unsendable.process, "object()"))


class Headless(unittest.TestCase):
    def test_a_failed_validation_stops_before_extraction(self):
        report = publish.publish(plugins=PLUGINS, host_name="testhost")
        self.assertFalse(report.success)
        self.assertEqual(report.stopped_by, "failed validation")
        self.assertEqual(report.failed, 1)
        ran = [r["plugin"]["name"] for r in report.results]
        self.assertEqual(ran, ["CollectModels", "ValidateNaming", "ValidateNaming", "ValidateNaming"])
        failure = next(r for r in report.results if not r["success"])
        self.assertEqual(failure["error"]["func"], "process")
        self.assertIn("prop should end with _GEO", report.formatted)

    def test_a_clean_scene_publishes(self):
        report = publish.publish(plugins=[GoodScene, ValidateNaming, ExtractModels, IntegrateModels],
                                 host_name="testhost")
        self.assertTrue(report.success, report.formatted)
        self.assertEqual(report.stopped_by, "")
        self.assertEqual(report.failed, 0)
        self.assertEqual([r["plugin"]["name"] for r in report.results],
                         ["GoodScene", "ValidateNaming", "ValidateNaming", "ExtractModels", "ExtractModels",
                          "IntegrateModels"])

    def test_classes_that_are_not_plugins_are_refused(self):
        class NoOrder(publish.ContextPlugin):
            def process(self, context):
                pass

        with self.assertRaises(TypeError):
            publish.publish(plugins=[NoOrder])
        with self.assertRaises(TypeError):
            publish.publish(plugins=[object])
        with self.assertRaises(ValueError):
            publish.publish(plugins=[CollectModels, CollectModels])


if __name__ == "__main__":
    main()
