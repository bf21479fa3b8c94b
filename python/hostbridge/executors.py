"""Executors: how a Host runs main-thread functions in a DCC's own event loop.

PumpExecutor: the application calls pump() from its loop (or wait() then pump()).
BlenderExecutor: a persistent bpy.app.timers timer pumps on each pass of Blender's main loop
(Blender's window only: background mode runs no timers). QtExecutor: a QObject on the Qt main
thread pumps when a queued signal, emitted by the thread that queued the call, reaches it
(PySide6 or PySide2; no polling).
"""
import importlib
import weakref

from ._hostbridge import PumpExecutor

__all__ = ["PumpExecutor", "BlenderExecutor", "QtExecutor"]


class BlenderExecutor(PumpExecutor):
    """Pumps from a bpy.app.timers timer, registered persistent (it survives loading a .blend
    file). interval 0 pumps on every pass of Blender's main loop, which sleeps 5 ms when idle:
    a main-thread call waits about 5 ms for it (10 with interval=0.01), at no idle CPU that can
    be measured (tests/bench/bench_blender.py). Create it on Blender's main thread; unregister()
    ends it."""

    def __init__(self, interval=0.0, max_tasks=64):
        super().__init__()
        import bpy
        self._timers = bpy.app.timers
        self.interval = interval
        self.max_tasks = max_tasks
        self._tick = self._make_tick()
        self._timers.register(self._tick, first_interval=0.0, persistent=True)

    def _make_tick(self):
        # The timer holds the executor weakly: a dropped executor ends its timer.
        owner = weakref.ref(self)

        def tick():
            executor = owner()
            if executor is None:
                return None
            executor.pump(executor.max_tasks)
            return executor.interval
        return tick

    def unregister(self):
        """Stops the timer. Main thread."""
        if self._timers.is_registered(self._tick):
            self._timers.unregister(self._tick)


def _qt_core():
    for name in ("PySide6.QtCore", "PySide2.QtCore"):
        try:
            return importlib.import_module(name)
        except ImportError:
            pass
    raise ImportError("QtExecutor needs PySide6 or PySide2")


class QtExecutor(PumpExecutor):
    """Pumps in the Qt main thread's event loop (Maya, Houdini, Nuke, any PySide application).
    Create it on the Qt main thread, after the QCoreApplication exists. Each queued call emits a
    signal, queued to a QObject living in that thread, whose slot pumps: calls start as soon as
    the event loop gets to them, and nothing polls while idle."""

    def __init__(self, max_tasks=64):
        super().__init__()
        QtCore = _qt_core()

        class Waker(QtCore.QObject):
            posted = QtCore.Signal()

            def __init__(self, executor):
                super().__init__()
                self._executor = weakref.ref(executor)

            @QtCore.Slot()
            def run(self):
                executor = self._executor()
                if executor is not None:
                    executor.pump(executor.max_tasks)

        self.max_tasks = max_tasks
        self._waker = Waker(self)
        application = QtCore.QCoreApplication.instance()
        if application is not None:
            self._waker.moveToThread(application.thread())
        self._waker.posted.connect(self._waker.run, QtCore.Qt.QueuedConnection)
        self._set_wake(self._waker.posted.emit)
