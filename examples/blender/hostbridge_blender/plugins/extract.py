"""Extractors: each model written by Blender's own exporters, the object alone selected, into a
staging folder of its own (instance.data["stagingDir"], its files in instance.data["files"]);
the integrator moves them into the publish folder."""
import contextlib
import os
import tempfile

import bpy
from hostbridge import publish

from .. import main_thread
from .validate import scene_object


@contextlib.contextmanager
def only_selected(obj):
    """Main thread: `obj` alone selected and active, in a context with Blender's window (a
    timer's context has none, and the glTF exporter needs one); the selection is given back."""
    windows = bpy.context.window_manager.windows
    override = bpy.context.temp_override(window=windows[0]) if windows else contextlib.nullcontext()
    with override:
        layer = bpy.context.view_layer
        selected, active = [o for o in layer.objects if o.select_get()], layer.objects.active
        try:
            for other in selected:
                other.select_set(False)
            obj.select_set(True)
            layer.objects.active = obj
            yield
        finally:
            obj.select_set(False)
            for other in selected:
                other.select_set(True)
            layer.objects.active = active


def export(name, operator, path, options):
    """Main thread: runs the exporter `operator` ("export_scene.gltf") on the object `name` alone."""
    obj = scene_object(name)
    group, op_name = operator.split(".")
    with only_selected(obj):
        outcome = getattr(getattr(bpy.ops, group), op_name)(filepath=path, **options)
    if "FINISHED" not in outcome or not os.path.isfile(path):
        raise RuntimeError(f"Blender's exporter did not write {path} ({', '.join(sorted(outcome))})")


class ExtractModel(publish.InstancePlugin):
    """Base of the extractors: `extension`, `operator` (its bpy.ops name) and `options`."""
    families = ["model"]
    hosts = ["blender"]
    extension = operator = None
    options = {}

    def process(self, instance):
        staging = instance.data.get("stagingDir")
        if not staging:
            staging = instance.data["stagingDir"] = tempfile.mkdtemp(prefix=f"hostbridge-{instance.data['object']}-")
        file_name = instance.data["object"] + self.extension
        path = os.path.join(staging, file_name)
        main_thread.call(export, instance.data["object"], self.operator, path, self.options)
        instance.data["files"] = instance.data.get("files", []) + [file_name]
        self.log.info("wrote %s (%d bytes)", path, os.path.getsize(path))


class ExtractGltf(ExtractModel):
    """glTF 2.0 with Blender's exporter: one .gltf file, its buffers embedded."""
    order = publish.ExtractorOrder
    label = "glTF"
    extension = ".gltf"
    operator = "export_scene.gltf"
    options = {"export_format": "GLTF_EMBEDDED", "use_selection": True}


class ExtractObj(ExtractModel):
    """Wavefront OBJ with Blender's own exporter (no material library)."""
    order = publish.ExtractorOrder + 0.1
    label = "OBJ"
    extension = ".obj"
    operator = "wm.obj_export"
    options = {"export_selected_objects": True, "export_materials": False}
