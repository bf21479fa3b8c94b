"""The scene functions the add-on serves, all on Blender's main thread (bpy is not thread-safe).
Fault codes, as the demo host's: 1 no such object, 2 name taken, 3 invalid name, 4 unknown
object type."""
import bpy

NO_SUCH_OBJECT, NAME_TAKEN, INVALID_NAME, UNKNOWN_TYPE = 1, 2, 3, 4
# Blender keeps an ID's name in 64 bytes with the terminating NUL; longer names are cut.
MAX_NAME_BYTES = 63


def bind(host, Fault):
    """Binds the scene.* functions on `host`; Fault is hostbridge.Fault (the add-on imports the
    package only once it is found)."""

    def scene_object(name):
        found = bpy.context.scene.objects.get(name)
        if found is None:
            raise Fault(NO_SUCH_OBJECT, f"no object named {name!r} in scene {bpy.context.scene.name!r}")
        return found

    def summary(obj):
        return {"name": obj.name, "type": obj.type, "selected": obj.select_get()}

    @host.function(name="scene.ls", main_thread=True)
    def ls(type: str = "") -> list:
        """scene.ls(type=""): the current scene's objects as {name, type, selected}, by name;
        only those of `type` ("MESH", "CAMERA", "LIGHT", ...) when given. Fault 4 for an unknown
        type."""
        if type and type not in bpy.types.Object.bl_rna.properties["type"].enum_items:
            raise Fault(UNKNOWN_TYPE, f"unknown object type {type!r}")
        return [summary(o) for o in sorted(bpy.context.scene.objects, key=lambda o: o.name)
                if not type or o.type == type]

    @host.function(name="scene.select", main_thread=True)
    def select(names: list) -> list:
        """scene.select(names): selects exactly these objects (the first becomes active; none
        clears the selection); returns them. Fault 1 for an unknown name, with nothing changed."""
        chosen = [scene_object(n) for n in names]
        for obj in bpy.context.view_layer.objects:
            obj.select_set(False)
        for obj in chosen:
            obj.select_set(True)
        bpy.context.view_layer.objects.active = chosen[0] if chosen else None
        return [o.name for o in chosen]

    @host.function(name="scene.rename", main_thread=True)
    def rename(old: str, new: str) -> str:
        """scene.rename(old, new): renames an object; returns the new name. Faults 1 (no such
        object), 2 (another object has the name: Blender would add a .001 suffix), 3 (empty, or
        longer than 63 bytes)."""
        obj = scene_object(old)
        if not new or len(new.encode()) > MAX_NAME_BYTES:
            raise Fault(INVALID_NAME, f"invalid object name {new!r}: 1 to {MAX_NAME_BYTES} bytes")
        if new != old and new in bpy.data.objects:
            raise Fault(NAME_TAKEN, f"an object named {new!r} exists")
        obj.name = new
        return obj.name

    @host.function(name="scene.object", main_thread=True)
    def describe(name: str) -> dict:
        """scene.object(name): {name, type, selected, parent, location, rotation, scale}, and for
        a mesh also {vertices, edges, faces, triangles} of its own data (before modifiers).
        Fault 1 for an unknown name."""
        obj = scene_object(name)
        result = summary(obj)
        result.update(parent=obj.parent.name if obj.parent else None, location=list(obj.location),
                      rotation=list(obj.rotation_euler), scale=list(obj.scale))
        if obj.type == "MESH":
            mesh = obj.data
            mesh.calc_loop_triangles()
            result.update(vertices=len(mesh.vertices), edges=len(mesh.edges), faces=len(mesh.polygons),
                          triangles=len(mesh.loop_triangles))
        return result

    @host.function(name="scene.info", main_thread=True)
    def info() -> dict:
        """scene.info(): {blender (its version), file (the .blend's path, "" when unsaved), scene,
        frame, frame_start, frame_end, fps}."""
        scene = bpy.context.scene
        return {"blender": bpy.app.version_string, "file": bpy.data.filepath, "scene": scene.name,
                "frame": scene.frame_current, "frame_start": scene.frame_start, "frame_end": scene.frame_end,
                "fps": scene.render.fps / scene.render.fps_base}
