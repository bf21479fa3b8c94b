"""Run inside Blender's window by test_blender_publish.py: the scene to publish, the add-on serving
(serve_in_blender.serve, with its test.* functions and the 20 ms tick counter), one more
extractor, and the functions that start publishing and report what that extractor saw.

The scene: the default "Cube" (misnamed: no _GEO) and "ball_GEO", a UV sphere (16 x 8) with
unapplied transforms. The extra plug-in, ExtractSlowly (a context plug-in after the real
extractors), works 2 s in 0.1 s slices with progress, as a slow exporter would, and notes how
often Blender's main loop ticked meanwhile.

  test.publish()     main thread: HostBridge > Publish... (the operator, in Blender's window);
                     returns {result, seconds (how long it held the main thread), port (of the
                     /pyblish host)}
  test.slow_runs()   connection thread: [{seconds, ticks, main_thread, scene}] of ExtractSlowly
  test.set_preference(name, value)   main thread: sets one of the add-on's preferences
  test.link_summary()  main thread: what the HostBridge menu says of the UI link
"""
import math
import os
import sys
import threading
import time

import bmesh
import bpy

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_in_blender  # noqa: E402

SLOW_SECONDS = 2.0
slow_runs = []


def build_scene():
    mesh = bpy.data.meshes.new("ball")
    shape = bmesh.new()
    bmesh.ops.create_uvsphere(shape, u_segments=16, v_segments=8, radius=1.0)
    shape.to_mesh(mesh)
    shape.free()
    ball = bpy.data.objects.new("ball_GEO", mesh)
    ball.location = (3.0, 0.0, 0.0)
    ball.rotation_euler = (0.0, 0.0, math.radians(30))
    ball.scale = (2.0, 2.0, 2.0)
    bpy.context.scene.collection.objects.link(ball)


def slow_extractor():
    from hostbridge import publish
    from hostbridge_blender import main_thread

    class ExtractSlowly(publish.ContextPlugin):
        """Works 2 s in slices, off Blender's main thread, as a slow exporter would."""
        order = publish.ExtractorOrder + 0.5
        label = "Slow extractor (test)"
        hosts = ["blender"]

        def process(self, context):
            ticks, started = serve_in_blender.ticks, time.monotonic()
            slices = 20
            for done in range(1, slices + 1):
                time.sleep(SLOW_SECONDS / slices)
                self.progress(done, slices, f"slice {done} of {slices}")
            run = {"seconds": time.monotonic() - started, "ticks": serve_in_blender.ticks - ticks,
                   "main_thread": threading.current_thread() is threading.main_thread()}
            run["scene"] = main_thread.call(lambda: bpy.context.scene.name)  # bpy from here goes to the main thread
            slow_runs.append(run)
            self.log.info("worked %.1f s; Blender's 20 ms timer ticked %d times meanwhile", run["seconds"], run["ticks"])
    return ExtractSlowly


def extend(host):
    addon = sys.modules[serve_in_blender.ADDON]
    addon.publishing.register_plugin(slow_extractor())

    @host.function(name="test.publish", main_thread=True)
    def publish_menu() -> dict:
        window = bpy.context.window_manager.windows[0]
        started = time.monotonic()
        with bpy.context.temp_override(window=window):
            result = bpy.ops.hostbridge.publish()
        seconds = time.monotonic() - started
        return {"result": sorted(result), "seconds": seconds, "port": addon.publishing.session.host.port}

    host.bind("test.slow_runs", lambda: slow_runs)
    host.bind("test.link_summary", lambda: addon.publishing.link_summary(), main_thread=True)

    @host.function(name="test.set_preference", main_thread=True)
    def set_preference(name: str, value) -> bool:
        setattr(bpy.context.preferences.addons[serve_in_blender.ADDON].preferences, name, value)
        return True


build_scene()
serve_in_blender.count_ticks()
serve_in_blender.serve(extend=extend)
