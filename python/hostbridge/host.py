"""Host: a DCC's Python serves its functions over XML-RPC (docs/python.md)."""
import logging
import sys

from . import _hostbridge, _layout
from .executors import PumpExecutor
from .fault import Fault
from .signature import describe

_logger = logging.getLogger("hostbridge")


class Host(_hostbridge.Host):
    """An XML-RPC server on 127.0.0.1 serving Python functions, with a token and a connection
    file, as the C++ host_rpc Host (docs/architecture.md).

        host = hostbridge.Host(executor=hostbridge.executors.QtExecutor())
        @host.function
        def add(a: int, b: int) -> int:
            "add(a, b): the sum of two integers."
            return a + b
        host.start()        # host.port, host.token, host.url, host.connection_file

    port: 0 lets the system pick (read host.port after start()). executor: runs main-thread
    functions; None gives a PumpExecutor of its own (host.executor.pump() from your loop).
    token: None for a fresh 256-bit one. connection_file: write host-<pid>.json while serving,
    so hostbridge-call and scripts find the host. log: a logging.Logger or a callable taking a
    message, for the host's warnings (default: the "hostbridge" logger). main_thread_timeout:
    seconds a main-thread call may wait for the main thread to start it (then Busy).
    client_heartbeat_interval: seconds, the interval hostbridge.hello gives the host's clients
    (docs/tools.md); their states (connected, busy, gone) follow from it.
    """

    def __init__(self, port=0, executor=None, token=None, connection_file=True, log=None,
                 main_thread_timeout=10.0, client_heartbeat_interval=1.0):
        if executor is None:
            executor = PumpExecutor()
        if log is None:
            log = _logger
        warn = log.warning if isinstance(log, logging.Logger) else log
        super().__init__(executor, port, token or "", connection_file, main_thread_timeout, warn,
                         client_heartbeat_interval)
        # The C++ side holds only the C++ executor: its Python object (a BlenderExecutor's timer,
        # a QtExecutor's waker, both holding it weakly) must live as long as the host.
        self._executor = executor

    def bind(self, name, function, help=None, *, main_thread=False, path="/"):
        """Serves `function` as method `name` at `path` ("/" is also "/RPC2"); returns it.
        help: None takes the docstring. main_thread: run it through the executor on the main
        thread (the caller waits; Busy after main_thread_timeout when it does not start);
        otherwise it runs on a connection thread, concurrently with other calls. Rebinding a
        name replaces it. Raises ValueError for a bad name or path, TypeError for a function
        XML-RPC cannot call (a keyword-only parameter without a default)."""
        description = describe(function)
        self._bind(name, function, description.help if help is None else help, description.signatures,
                   description.minimum, description.maximum, main_thread, path)
        return function

    def function(self, function=None, *, name=None, help=None, main_thread=False, path="/"):
        """Decorator form of bind(): @host.function, or @host.function(name="scene.ls",
        main_thread=True). The name defaults to the function's __name__."""
        def register(f):
            return self.bind(name or f.__name__, f, help, main_thread=main_thread, path=path)
        return register(function) if function is not None else register

    def link_ui(self, ui_port=9090, ui_path=None, keep_alive=True, ui_arguments=(), ui_log_file=None,
                heartbeat_interval=1.0, start_timeout=10.0, log=None):
        """Links this serving host to the publishing UI and returns the UiLink (show() it).
        ui_port: where the UI serves (reused when a HostBridge UI is there, launched otherwise).
        ui_path: the hostbridge-ui executable or its folder; None looks in $HOSTBRIDGE_UI, the
        bin folder of the build tree or installation this package belongs to, and $PATH. keep_alive: launch and show it again when its process is gone.
        ui_arguments: extra command-line arguments; ui_log_file: where its output goes (None:
        nowhere). log: a logging.Logger or callable for what the link reports (default: the
        "hostbridge" logger). Linking again replaces (stops) the earlier link. RuntimeError
        when the host is not serving."""
        if log is None:
            log = _logger
        warn = log.warning if isinstance(log, logging.Logger) else log
        return self._link_ui(ui_port, ui_path or "", _layout.ui_directories(), keep_alive, list(ui_arguments), ui_log_file or "",
                             heartbeat_interval, start_timeout, warn)

    def clients(self):
        """The clients that said hostbridge.hello to this host (docs/tools.md), oldest first, as
        hostbridge.clients() answers on the wire: a list of dicts {"id", "name", "pid", "port",
        "state" ("connected", "busy" or "gone"), "since", "lastSeen" (ISO-8601 UTC)}."""
        return self._clients()

    def reset_client(self, client_id):
        """Asks client `client_id` to drop its connection and say hello again: through its own
        server's hostbridge.reset() when it has one (on the host's own thread, bounded), else in
        the answer to its next heartbeat. Returns at once; raises Fault (FaultCode.UNKNOWN_CLIENT)
        for an id the host does not list."""
        _raise_fault(self._reset_client(client_id))

    def disconnect_client(self, client_id):
        """Asks client `client_id` to shut down, delivered as reset_client() delivers. Returns at
        once; raises Fault (FaultCode.UNKNOWN_CLIENT) for an id the host does not list."""
        _raise_fault(self._disconnect_client(client_id))

    def announce(self, stream=None):
        """Prints "Port:NNNN" (and flushes), the line a parent process that launched this host
        reads, as the C++ hosts print it. Call it after start()."""
        if not self.port:
            raise RuntimeError("announce() needs a serving host: call start() first")
        print(f"Port:{self.port}", file=stream or sys.stdout, flush=True)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()
        return False

    def __repr__(self):
        state = f"serving {self.url}" if self.running else "stopped"
        return f"<hostbridge.Host {state}>"


def _raise_fault(outcome):
    """Raises the Fault a compiled call reported as (code, message); None is success."""
    if outcome is not None:
        raise Fault(*outcome)
