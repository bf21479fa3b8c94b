"""Blender's main thread for the publishing thread. The plug-ins run on a thread of their own
(publishing.py), so a slow one never holds Blender; bpy is not thread-safe, so each piece of bpy
work they do goes through call(), which runs it inside Blender's main loop (a bpy.app.timers
timer) and waits for it. On the main thread itself (a headless publish in `blender -b`), call()
runs the function at once."""
import collections
import threading

import bpy

# Long enough for an exporter on a big scene; a main thread that does not even start a call in
# this time is held by something else (a modal dialog, a long operator).
START_TIMEOUT_S = 60.0

_pending = collections.deque()  # append and popleft are atomic: no lock between the two threads
_lock = threading.Lock()        # guards each call's state against a timeout racing its start
_running = False


class _Call:
    __slots__ = ("function", "args", "state", "result", "error", "done")

    def __init__(self, function, args):
        self.function, self.args = function, args
        self.state = "queued"
        self.result = self.error = None
        self.done = threading.Event()

    def take(self, new_state):
        """queued -> new_state; False when it already left "queued" (run, given up or failed)."""
        with _lock:
            if self.state != "queued":
                return False
            self.state = new_state
            return True


def _tick():
    while _pending:
        call = _pending.popleft()
        if not call.take("running"):
            continue
        try:
            call.result = call.function(*call.args)
        except BaseException as e:  # re-raised on the waiting thread; never into Blender's timer loop
            call.error = e
        call.done.set()
    return 0.0  # every pass of Blender's main loop (it sleeps 5 ms when idle), as the BlenderExecutor


def start():
    """Starts running queued calls from a persistent timer (it survives loading a file). Main
    thread; no effect when started."""
    global _running
    if not bpy.app.timers.is_registered(_tick):
        bpy.app.timers.register(_tick, first_interval=0.0, persistent=True)
    _running = True


def stop(touch_bpy=True):
    """Ends the timer; calls still queued raise RuntimeError in their threads. Main thread.
    touch_bpy=False at interpreter exit, when bpy may already be gone."""
    global _running
    _running = False
    if touch_bpy and bpy.app.timers.is_registered(_tick):
        bpy.app.timers.unregister(_tick)
    while _pending:
        call = _pending.popleft()
        if call.take("failed"):
            call.error = RuntimeError("HostBridge publishing stopped before Blender's main thread ran this")
            call.done.set()


def call(function, *args, timeout=START_TIMEOUT_S):
    """Runs function(*args) on Blender's main thread and returns its result or raises its
    exception. From another thread it waits (the GIL released) for the main loop to run it:
    TimeoutError when it has not started within `timeout` seconds (it then never runs);
    RuntimeError when the timer is not running."""
    if threading.current_thread() is threading.main_thread():
        return function(*args)
    if not _running:
        raise RuntimeError("Blender's main thread is not taking calls: start publishing first (HostBridge > Publish...)")
    pending = _Call(function, args)
    _pending.append(pending)
    if not pending.done.wait(timeout) and pending.take("abandoned"):
        raise TimeoutError(f"Blender's main thread did not start {getattr(function, '__name__', function)} "
                           f"within {timeout:g} s: is a dialog or a long operation holding Blender?")
    pending.done.wait()  # it started in time: a call that runs, runs to its end
    if pending.error is not None:
        raise pending.error
    return pending.result
