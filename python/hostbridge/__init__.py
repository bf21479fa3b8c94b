"""hostbridge: make a DCC's Python an XML-RPC host that HostBridge's UI and any XML-RPC client
can call (docs/python.md).

    import hostbridge
    host = hostbridge.Host()
    @host.function
    def add(a: int, b: int) -> int:
        "add(a, b): the sum of two integers."
        return a + b
    host.start()
"""
import atexit

from . import _hostbridge, executors
from ._hostbridge import ServerError
from .fault import Fault, FaultCode
from .host import Host
from .tool import Tool, ToolEvent

__all__ = ["Host", "Fault", "FaultCode", "ServerError", "Tool", "ToolEvent", "executors"]

# Every live Host stops before the interpreter finalizes: its connection threads end while they
# may still run Python, and none is left to ask for the GIL of a finalizing interpreter.
atexit.register(_hostbridge._exit)
