"""Run inside Blender's window (blender_process.py starts it): enables the HostBridge add-on,
adds the test.* functions to its host, and prints Port:NNNN. Blender's stdout is the log.

test.* functions:
  test.state()          connection thread: {ticks: runs of a 20 ms bpy.app.timers timer so far,
                        busy: whether test.busy is running, restart (below)}
  test.sleep(seconds)   connection thread: sleeps (the GIL released), returns seconds
  test.busy(seconds)    main thread: holds Blender's main thread that long, returns seconds
  test.echo(value)      main thread: returns value (the benchmark's main-thread call)
  test.echo_here(value) connection thread: the same, without the main thread
  test.reopen()         main thread: saves the scene to $TMPDIR/reopened.blend, and opens that file
                        just after answering; returns its path
  test.restart_addon()  main thread: just after answering, disables the add-on and enables it again
                        (a new host, a new Port: line); test.state()'s restart then says whether
                        the old host stopped, its timer ended and its connection file went
  test.quit()           main thread: Blender quits just after answering (exit status 0)
"""
import os
import sys
import tempfile
import time

import addon_utils
import bpy

ADDON = "hostbridge_blender"
TICK_S = 0.02

ticks = 0
busy_now = False


def count_tick():
    global ticks
    ticks += 1
    return TICK_S


def quit_blender():
    bpy.ops.wm.quit_blender()


def open_file(path):
    bpy.ops.wm.open_mainfile(filepath=path)


def serve(restart=None, extend=None):
    """Enables the add-on, binds the test.* functions on its host and prints Port:NNNN.
    restart: what the add-on's disable left behind, for test.state. extend(host): binds a
    script's own functions before the port is announced (publish_in_blender.py)."""
    addon_utils.enable(ADDON, default_set=True, handle_error=None)
    serving = sys.modules[ADDON].serving
    if serving.host is None:
        raise SystemExit(f"the add-on does not serve: {serving.failure}")
    host = serving.host

    host.bind("test.state", lambda: {"ticks": ticks, "busy": busy_now, "restart": restart})

    @host.function(name="test.sleep")
    def sleep(seconds: float) -> float:
        time.sleep(seconds)
        return seconds

    @host.function(name="test.busy", main_thread=True)
    def busy(seconds: float) -> float:
        global busy_now
        busy_now = True
        time.sleep(seconds)
        busy_now = False
        return seconds

    host.bind("test.echo", lambda value: value, main_thread=True)
    host.bind("test.echo_here", lambda value: value)

    @host.function(name="test.reopen", main_thread=True)
    def reopen() -> str:
        path = os.path.join(tempfile.gettempdir(), "reopened.blend")
        bpy.ops.wm.save_as_mainfile(filepath=path, copy=True)
        bpy.app.timers.register(lambda: open_file(path), first_interval=0.05)
        return path

    @host.function(name="test.restart_addon", main_thread=True)
    def restart_addon() -> bool:
        # Not from inside this call: disabling stops the host, which waits for its calls.
        bpy.app.timers.register(disable_and_serve_again, first_interval=0.05)
        return True

    @host.function(name="test.quit", main_thread=True)
    def quit() -> bool:
        # Not from inside this call: the answer must leave before Blender exits.
        bpy.app.timers.register(quit_blender, first_interval=0.05)
        return True

    if extend is not None:
        extend(host)
    print(f"serve_in_blender: Blender {bpy.app.version_string}, Python {sys.version.split()[0]}, "
          f"hostbridge from {sys.modules['hostbridge'].__file__}", flush=True)
    host.announce()


def disable_and_serve_again():
    old = sys.modules[ADDON].serving.host
    tick, connection_file = old.executor._tick, old.connection_file
    addon_utils.disable(ADDON, default_set=True)
    serve(restart={"stopped": not old.running, "timer_ended": not bpy.app.timers.is_registered(tick),
                   "file_removed": not os.path.exists(connection_file)})


def count_ticks():
    bpy.app.timers.register(count_tick, first_interval=TICK_S, persistent=True)


if __name__ == "__main__":  # blender --python serve_in_blender.py; publish_in_blender.py imports it
    count_ticks()
    serve()
