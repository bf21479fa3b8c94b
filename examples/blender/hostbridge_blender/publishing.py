"""Publishing from Blender through the UI ("Publish..."): a second hostbridge.Host serving /pyblish
with the plug-ins, linked to the publishing UI.

Why a host of its own: the plug-ins run on the /pyblish host's main thread, and a host has one
executor. The scene host's is Blender's main loop, where a 2 s extractor would freeze Blender for
2 s. This host's "main thread" is a publishing thread of its own (a PumpExecutor it pumps), so
Blender keeps drawing and answering while plug-ins run, and plug-ins reach bpy through
main_thread.call. It writes no connection file (one per process: the scene host's); the UI
learns its port and token from show().
"""
import atexit
import threading

from . import main_thread, settings

JOIN_TIMEOUT_S = 10.0  # a plug-in still running when publishing stops (its bpy calls fail at once)

session = None  # the running Session, or None
_extra_plugins = []


def register_plugin(plugin):
    """Adds a hostbridge.publish plug-in class to those the next session serves (pyblish's
    register_plugin), e.g. a studio's own from a startup script. Takes effect when publishing
    starts (Publish... after Stop Serving, or in a new Blender)."""
    if plugin not in _extra_plugins:
        _extra_plugins.append(plugin)


def deregister_plugin(plugin):
    if plugin in _extra_plugins:
        _extra_plugins.remove(plugin)


class Session:
    """The /pyblish host, its publishing thread and its UI link. Created and stopped on Blender's
    main thread."""

    def __init__(self):
        # Imported only now: the scene host's start (serving.find_package) makes hostbridge importable.
        import hostbridge
        from hostbridge import publish

        from .plugins import PLUGINS
        self.executor = hostbridge.executors.PumpExecutor()
        self.host = hostbridge.Host(executor=self.executor, connection_file=False)
        publish.serve(self.host, PLUGINS + _extra_plugins, host_name="blender")
        self.link = None
        self._ui_port = self._ui_path = None
        self._stopping = threading.Event()
        main_thread.start()
        try:
            self.host.start()
        except BaseException:
            main_thread.stop()
            raise
        self._thread = threading.Thread(target=self._pump, name="hostbridge-publish", daemon=True)
        self._thread.start()

    def _pump(self):
        while not self._stopping.is_set():
            self.executor.wait(0.2)  # the GIL released; wakes at once when the UI calls
            self.executor.pump()

    def show(self, ui_port, ui_path, label):
        """Links to the UI on `ui_port` (reused, or launched from `ui_path`, None: looked for) and
        shows it, working for this host. Returns at once: the link's own thread launches,
        connects and shows."""
        # Each show finds the UI again, or launches it: a UI the artist closed comes back on the
        # next Publish..., never behind their back (no keep_alive). A new port or executable needs
        # a new link (linking again stops the earlier one).
        if self.link is None or (self._ui_port, self._ui_path) != (ui_port, ui_path):
            self.link = self.host.link_ui(ui_port=ui_port, ui_path=ui_path, keep_alive=False)
            self._ui_port, self._ui_path = ui_port, ui_path
        self.link.show({"ContextLabel": label, "WindowTitle": f"Publish - {label}"})

    def stop(self, touch_bpy=True):
        """Calls waiting for Blender's main thread fail, the host stops (the UI keeps running), and
        the publishing thread ends once its plug-in, if any, returns (bounded)."""
        main_thread.stop(touch_bpy)
        self.host.stop()
        self._stopping.set()
        self._thread.join(JOIN_TIMEOUT_S)


def link_summary():
    """The UI link's state in words for the menu, with its last error when it has no UI: "UI on
    port 9090: connected", "UI on port 9090: failed: hostbridge-ui not found (...)". Reads no
    network; for a running session with a link."""
    status = session.link.status
    text = f"UI on port {session._ui_port}: {status['state']}"
    if status["state"] not in ("connecting", "connected") and status.get("last_error"):
        text += f": {status['last_error']}"
    return text


def publish(label):
    """Publish...: starts publishing unless running, then shows the UI for it. Main thread; does
    no network work here. Raises OSError / RuntimeError / ValueError when it cannot."""
    global session
    if session is None:
        session = Session()
        # Registered after hostbridge's own exit hook, so it runs before it: the publishing
        # thread ends while the interpreter can still run it. Once, however often publishing starts.
        atexit.unregister(_stop_at_exit)
        atexit.register(_stop_at_exit)
        print(f"HostBridge: publishing on {session.host.url}pyblish")
    session.show(settings.ui_port(), settings.ui_path(), label)
    return session


def stop(touch_bpy=True):
    """Stops publishing; no effect when not publishing. Main thread."""
    global session
    if session is not None:
        stopping, session = session, None
        stopping.stop(touch_bpy)


def _stop_at_exit():
    stop(touch_bpy=False)
