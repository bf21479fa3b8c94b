"""Tools: processes a host launches, keeps alive and finds again (docs/tools.md, docs/python.md).

    tool = hostbridge.Tool("/usr/bin/python3", ["asset_browser.py"], keep_alive=True,
                           on_event=lambda e: print(e.kind, e.text))
    tool.start()
    if tool.wait_for_port(5.0):
        tool.call("browse", "chars")
    tool.stop()          # or tool.detach(): the tool runs on, found again by the next start()
"""
import atexit
import collections
import logging
import weakref

from . import _hostbridge
from .fault import Fault

ToolEvent = collections.namedtuple("ToolEvent", "kind text pid port sequence replayed")
ToolEvent.__doc__ = """One event of a tool: kind is "started", "attached", "port", "stdout",
"stderr", "exited", "restarted", "failed" or "stopped"; text the output line or what happened;
replayed is True for events that happened before this Tool's start()."""


# Every live Tool lets go of its tool before the interpreter finalizes, so no tool thread is left
# to take the GIL of a dying interpreter for on_event (the tools themselves run on).
_live = weakref.WeakSet()


@atexit.register
def _detach_all():
    for tool in list(_live):
        tool.detach()


class Tool:
    """A tool process (hostbridge::ToolLink). start(), stop() and detach() return at once;
    wait_for_port(), wait_for() and call() block with the GIL released. on_event(ToolEvent) runs
    on the tool's own thread with the GIL taken only for it; exceptions it raises are printed.
    log: a logging.Logger or a callable taking a message (default: the "hostbridge" logger).
    Times in seconds; the other arguments are ToolOptions' (docs/tools.md)."""

    def __init__(self, executable, arguments=(), cwd="", env=None, keep_alive=False, outlive_host=False,
                 host_grace=10.0, wait_for_port=True, start_timeout=10.0, stop_timeout=2.0, keep_lines=10000,
                 on_event=None, log=None):
        callback = None if on_event is None else (lambda event: on_event(ToolEvent(**event)))
        if log is None:
            log = logging.getLogger("hostbridge")
        if isinstance(log, logging.Logger):
            log = log.info
        self._link = _hostbridge.ToolLink(str(executable), [str(a) for a in arguments], str(cwd or ""),
                                          {str(k): str(v) for k, v in (env or {}).items()}, bool(keep_alive),
                                          bool(outlive_host), float(host_grace), bool(wait_for_port),
                                          float(start_timeout), float(stop_timeout), int(keep_lines), callback, log)
        _live.add(self)

    def start(self):
        """Reuses, attaches to or launches the tool (docs/tools.md, "What start() does")."""
        self._link.start()

    def stop(self):
        """Asks the tool to go, then SIGTERM, then SIGKILL; wait_for("stopped") to wait."""
        self._link.stop()

    def detach(self):
        """Lets go: no more events; the tool runs on."""
        self._link.detach()

    def wait_for_port(self, timeout):
        """True once the tool's port is known; False when it failed or ended, or after timeout s."""
        return self._link.wait_for_port(float(timeout))

    def wait_for(self, state, timeout):
        """True once the state is `state` ("running", "stopped", ...); False after timeout s."""
        return self._link.wait_for(str(state), float(timeout))

    def call(self, method, *args, timeout=30.0):
        """Calls `method` on the tool's server with its token; raises Fault for a fault."""
        ok, value = self._link._call(method, list(args), float(timeout))
        if not ok:
            raise Fault(*value)
        return value

    def status(self):
        """{"state", "identity", "pid", "port", "launches", "restarts", "attached", "last_error"}."""
        return self._link.status()

    def history(self):
        """The kept events (what a replay delivers), oldest first, as ToolEvent."""
        return [ToolEvent(**event) for event in self._link.history()]

    @property
    def identity(self):
        return self._link.identity

    @property
    def pid(self):
        return self._link.status()["pid"]

    @property
    def port(self):
        return self._link.status()["port"]

    @property
    def state(self):
        return self._link.status()["state"]
