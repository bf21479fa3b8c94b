"""HostBridge for Blender: while enabled, Blender is a HostBridge host serving its scene
(scene.ls, scene.select, scene.rename, scene.object, scene.info) on its main thread, to the
publishing UI, hostbridge-call and any XML-RPC client (docs/python.md, "Blender")."""

bl_info = {
    "name": "HostBridge",
    "author": "HostBridge",
    "version": (0, 1, 0),
    "blender": (3, 4, 0),
    "location": "Topbar > HostBridge",
    "description": "Serves the scene over XML-RPC to HostBridge's publishing UI and scripts",
    "category": "System",
}

import bpy

from . import serving


class HostBridgePreferences(bpy.types.AddonPreferences):
    bl_idname = __package__

    python_path: bpy.props.StringProperty(
        name="hostbridge package folder",
        description="A folder holding the hostbridge package (a build's build/python), searched after "
                    "$HOSTBRIDGE_PYTHONPATH and before Python's own package folders",
        subtype="DIR_PATH",
    )

    def draw(self, context):
        self.layout.prop(self, "python_path")


def preference_path(context):
    # Not listed when enabled without being kept in the preferences (addon_utils.enable(default_set=False)).
    addon = context.preferences.addons.get(__package__)
    return addon.preferences.python_path if addon else ""


class HOSTBRIDGE_OT_start(bpy.types.Operator):
    """Start serving the scene (after a stop, or once the package folder is set)"""
    bl_idname = "hostbridge.start"
    bl_label = "Start Serving"

    def execute(self, context):
        serving.start(preference_path(context))
        if serving.host is None:
            self.report({"ERROR"}, serving.failure)
            return {"CANCELLED"}
        return {"FINISHED"}


class HOSTBRIDGE_OT_stop(bpy.types.Operator):
    """Stop serving the scene: calls waiting for Blender answer that the host is shutting down"""
    bl_idname = "hostbridge.stop"
    bl_label = "Stop Serving"

    def execute(self, context):
        serving.stop()
        return {"FINISHED"}


class HOSTBRIDGE_MT_menu(bpy.types.Menu):
    bl_idname = "HOSTBRIDGE_MT_menu"
    bl_label = "HostBridge"

    def draw(self, context):
        # Publishing adds its "Publish..." entry (launch or reuse the UI) at the top of this menu.
        layout = self.layout
        if serving.host is not None:
            layout.label(text=f"Serving on port {serving.host.port}", icon="LINKED")
            layout.operator(HOSTBRIDGE_OT_stop.bl_idname)
        else:
            layout.label(text="Not serving" + (": see the console" if serving.failure else ""), icon="UNLINKED")
            layout.operator(HOSTBRIDGE_OT_start.bl_idname)


def draw_topbar(self, context):
    self.layout.menu(HOSTBRIDGE_MT_menu.bl_idname)


classes = (HostBridgePreferences, HOSTBRIDGE_OT_start, HOSTBRIDGE_OT_stop, HOSTBRIDGE_MT_menu)


def register():
    for cls in classes:
        bpy.utils.register_class(cls)
    bpy.types.TOPBAR_MT_editor_menus.append(draw_topbar)
    serving.start(preference_path(bpy.context))


def unregister():
    serving.stop()
    bpy.types.TOPBAR_MT_editor_menus.remove(draw_topbar)
    for cls in reversed(classes):
        bpy.utils.unregister_class(cls)
