"""HostBridge for Blender: while enabled, Blender is a HostBridge host serving its scene
(scene.ls, scene.select, scene.rename, scene.object, scene.info) on its main thread, to the
publishing UI, hostbridge-call and any XML-RPC client; HostBridge > Publish... publishes its mesh
objects through the publishing UI (docs/python.md, "Blender")."""

bl_info = {
    "name": "HostBridge",
    "author": "HostBridge",
    "version": (0, 1, 0),
    "blender": (3, 4, 0),
    "location": "Topbar > HostBridge",
    "description": "Serves the scene over XML-RPC to HostBridge's publishing UI and scripts, and publishes models",
    "category": "System",
}

import bpy

from . import publishing, serving, settings


class HostBridgePreferences(bpy.types.AddonPreferences):
    bl_idname = __package__

    python_path: bpy.props.StringProperty(
        name="hostbridge package folder",
        description="A folder holding the hostbridge package (a build's build/python), searched after "
                    "$HOSTBRIDGE_PYTHONPATH and before Python's own package folders",
        subtype="DIR_PATH",
    )
    publish_root: bpy.props.StringProperty(
        name="Publish folder",
        description="Where Publish... puts models, as <folder>/<asset>/v001/... ('//' is the .blend's folder; "
                    "$HOSTBRIDGE_PUBLISH_ROOT wins; empty: ~/hostbridge-publish)",
        subtype="DIR_PATH",
    )
    face_budget: bpy.props.IntProperty(
        name="Face budget", description="The most faces a model may have ($HOSTBRIDGE_FACE_BUDGET wins)",
        default=settings.DEFAULT_FACE_BUDGET, min=1,
    )
    ui_path: bpy.props.StringProperty(
        name="hostbridge-ui", description="The publishing UI's executable or its folder (a build's build/bin), "
                                          "tried before $HOSTBRIDGE_UI, the installation and $PATH",
        subtype="FILE_PATH",
    )
    ui_port: bpy.props.IntProperty(
        name="UI port", description="Where the publishing UI serves: reused when running there, else launched there "
                                    "($HOSTBRIDGE_UI_PORT wins)",
        default=settings.DEFAULT_UI_PORT, min=1, max=65535,
    )

    def draw(self, context):
        for name in ("python_path", "publish_root", "face_budget", "ui_path", "ui_port"):
            self.layout.prop(self, name)


class HOSTBRIDGE_OT_start(bpy.types.Operator):
    """Start serving the scene (after a stop, or once the package folder is set)"""
    bl_idname = "hostbridge.start"
    bl_label = "Start Serving"

    def execute(self, context):
        serving.start(settings.package_folder())
        if serving.host is None:
            self.report({"ERROR"}, serving.failure)
            return {"CANCELLED"}
        return {"FINISHED"}


class HOSTBRIDGE_OT_stop(bpy.types.Operator):
    """Stop serving the scene and publishing: calls waiting for Blender answer that the host is shutting down"""
    bl_idname = "hostbridge.stop"
    bl_label = "Stop Serving"

    def execute(self, context):
        publishing.stop()
        serving.stop()
        return {"FINISHED"}


class HOSTBRIDGE_OT_publish(bpy.types.Operator):
    """Publish the scene's mesh objects: shows HostBridge's publishing UI (reused, or launched) working for Blender"""
    bl_idname = "hostbridge.publish"
    bl_label = "Publish..."

    def execute(self, context):
        serving.start(settings.package_folder())
        if serving.host is None:
            self.report({"ERROR"}, serving.failure)
            return {"CANCELLED"}
        label = bpy.path.display_name_from_filepath(bpy.data.filepath) or context.scene.name
        try:
            publishing.publish(label)
        except (OSError, RuntimeError, ValueError) as e:
            self.report({"ERROR"}, f"HostBridge cannot publish: {e}")
            return {"CANCELLED"}
        return {"FINISHED"}


class HOSTBRIDGE_MT_menu(bpy.types.Menu):
    bl_idname = "HOSTBRIDGE_MT_menu"
    bl_label = "HostBridge"

    def draw(self, context):
        layout = self.layout
        layout.operator(HOSTBRIDGE_OT_publish.bl_idname, icon="EXPORT")
        if publishing.session is not None and publishing.session.link is not None:
            layout.label(text=publishing.link_summary(), icon="WINDOW")
        layout.separator()
        if serving.host is not None:
            layout.label(text=f"Serving on port {serving.host.port}", icon="LINKED")
            layout.operator(HOSTBRIDGE_OT_stop.bl_idname)
        else:
            layout.label(text="Not serving" + (": see the console" if serving.failure else ""), icon="UNLINKED")
            layout.operator(HOSTBRIDGE_OT_start.bl_idname)


def draw_topbar(self, context):
    self.layout.menu(HOSTBRIDGE_MT_menu.bl_idname)


classes = (HostBridgePreferences, HOSTBRIDGE_OT_start, HOSTBRIDGE_OT_stop, HOSTBRIDGE_OT_publish, HOSTBRIDGE_MT_menu)


def register():
    for cls in classes:
        bpy.utils.register_class(cls)
    bpy.types.TOPBAR_MT_editor_menus.append(draw_topbar)
    serving.start(settings.package_folder())


def unregister():
    publishing.stop()
    serving.stop()
    bpy.types.TOPBAR_MT_editor_menus.remove(draw_topbar)
    for cls in reversed(classes):
        bpy.utils.unregister_class(cls)
