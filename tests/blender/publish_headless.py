"""Run by test_blender_publish_headless.py inside `blender -b` (no window, no timers): the add-on's
plug-ins published headless with hostbridge.publish.publish() on Blender's main thread, where
main_thread.call runs each piece of bpy work at once. Prints one line "RESULT <json>":

  misnamed    the default scene as it is: the report of a publish stopped by ValidateNaming
  published   after renaming Cube to Cube_GEO: the report and the files of <root>/Cube
  broken      with an extractor that lists a file it never wrote: the report, and <root>/Cube
              afterwards (the integrator's copy fails half-way: no v002, no partial folder)
"""
import json
import os
import sys

import addon_utils
import bpy

addon_utils.enable("hostbridge_blender", default_set=True, handle_error=None)
from hostbridge import publish  # noqa: E402  (importable once the add-on found it)
from hostbridge_blender.plugins import PLUGINS  # noqa: E402


class ExtractPhantom(publish.InstancePlugin):
    """Lists a file it never wrote, after the real extractors: the integrator fails on it."""
    order = publish.ExtractorOrder + 0.5
    families = ["model"]

    def process(self, instance):
        instance.data["files"] = instance.data["files"] + ["never_written.abc"]


def outcome(report):
    return {"success": report.success, "stopped_by": report.stopped_by,
            "failed": [(r["plugin"]["name"], r["error"]["message"]) for r in report.results if r["error"]]}


def listing(folder):
    return {name: sorted(os.listdir(os.path.join(folder, name))) for name in sorted(os.listdir(folder))} \
        if os.path.isdir(folder) else None


root = os.environ["HOSTBRIDGE_PUBLISH_ROOT"]
result = {"blender": bpy.app.version_string}
result["misnamed"] = outcome(publish.publish(PLUGINS, host_name="blender"))
result["misnamed"]["root"] = sorted(os.listdir(root)) if os.path.isdir(root) else []
bpy.context.scene.objects["Cube"].name = "Cube_GEO"
result["published"] = outcome(publish.publish(PLUGINS, host_name="blender"))
result["published"]["cube"] = listing(os.path.join(root, "Cube"))
result["broken"] = outcome(publish.publish(PLUGINS + [ExtractPhantom], host_name="blender"))
result["broken"]["cube"] = sorted(os.listdir(os.path.join(root, "Cube")))
print("RESULT " + json.dumps(result), flush=True)
sys.exit(0)
