"""Collectors: what Blender's scene holds, read on its main thread into plain data."""
import getpass
import math

import bpy
from hostbridge import publish

from .. import main_thread, settings


def scene_facts():
    """Main thread."""
    scene = bpy.context.scene
    return {"blender": bpy.app.version_string, "file": bpy.data.filepath, "scene": scene.name,
            "user": getpass.getuser(), "publishRoot": settings.publish_root(), "faceBudget": settings.face_budget()}


def mesh_facts(obj):
    """Main thread. The object's own transform (matrix_basis, whatever its rotation mode) and its
    mesh before modifiers: what the validators judge."""
    mesh = obj.data
    mesh.calc_loop_triangles()
    basis = obj.matrix_basis
    return {"object": obj.name, "mesh": mesh.name, "meshUsers": mesh.users,
            "vertices": len(mesh.vertices), "faces": len(mesh.polygons), "triangles": len(mesh.loop_triangles),
            "location": list(basis.to_translation()),
            "rotation": [math.degrees(a) for a in basis.to_euler()],
            "scale": list(basis.to_scale()),
            "parent": obj.parent.name if obj.parent else None,
            "modifiers": [m.name for m in obj.modifiers],
            "materials": [s.material.name for s in obj.material_slots if s.material]}


def scene_meshes():
    """Main thread: mesh_facts of every mesh object of the scene, by name."""
    return [mesh_facts(o) for o in sorted(bpy.context.scene.objects, key=lambda o: o.name) if o.type == "MESH"]


class CollectScene(publish.ContextPlugin):
    """The scene and where it publishes: Blender's version, the .blend file, the publish folder
    and the face budget (the add-on's preferences, or $HOSTBRIDGE_PUBLISH_ROOT and
    $HOSTBRIDGE_FACE_BUDGET)."""
    order = publish.CollectorOrder
    label = "Scene and settings"
    hosts = ["blender"]

    def process(self, context):
        facts = main_thread.call(scene_facts)
        context.data.update(facts)
        self.log.info("Blender %s, %s; publishing into %s", facts["blender"], facts["file"] or "an unsaved file",
                      facts["publishRoot"])


class CollectMeshes(publish.ContextPlugin):
    """One instance of family "model" per mesh object of the scene, with its transform and the
    counts of its mesh (vertices, faces, triangles)."""
    order = publish.CollectorOrder + 0.1
    label = "Mesh objects"
    hosts = ["blender"]

    def process(self, context):
        meshes = main_thread.call(scene_meshes)
        for facts in meshes:
            context.create_instance(facts["object"], family="model", **facts)
        self.log.info("collected %d mesh objects", len(meshes))
