"""Faults: how a bound function answers with an error of its own choosing."""
import enum
import xmlrpc.client

from . import _hostbridge

FaultCode = enum.IntEnum("FaultCode", _hostbridge._fault_codes())
FaultCode.__doc__ = """The stable fault codes of docs/fault-codes.md. Codes a function chooses
for itself should be positive."""


class Fault(xmlrpc.client.Fault):
    """Raise Fault(code, message) in a bound function: the caller gets a fault with exactly this
    code and message. It is an xmlrpc.client.Fault (raising one of those works the same), so a
    client catches both with `except xmlrpc.client.Fault`."""

    def __init__(self, code, message):
        super().__init__(int(code), str(message))

    @property
    def code(self):
        return self.faultCode

    @property
    def message(self):
        return self.faultString
