"""How a plug-in's self.log reaches the C++ Logger of the call that runs it: records go into
the Result and, with a UI linked, to the UI as they happen (docs/python.md, "Publishing")."""
import logging
import threading

_local = threading.local()


def _stack():
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    return stack


class running:
    """`with running(log_view):` routes this thread's plug-in records to `log_view` (the C++
    Logger of the call being run). Nests: a call run while another waits (a UI's call served
    during ask()) gets its own records, then the outer call's records go on to the outer call."""

    def __init__(self, log_view):
        self._view = log_view

    def __enter__(self):
        _stack().append(self._view)
        return self._view

    def __exit__(self, *exc_info):
        _stack().pop()
        return False


def current():
    """The C++ Logger of the call this thread runs; None outside a plug-in call."""
    stack = _stack()
    return stack[-1] if stack else None


class PublishHandler(logging.Handler):
    """Hands every record to the running call's C++ Logger with its level (LogLevel maps the
    logging levels) and line; a record logged outside a call goes nowhere here."""

    def emit(self, record):
        view = current()
        if view is None:
            return
        try:
            view.log(record.levelno, self.format(record), record.lineno)
        except Exception:  # a record must never fail the plug-in, as logging's own handlers
            self.handleError(record)


_handler = PublishHandler()


def logger_for(cls):
    """The standard logging.Logger of a plug-in or action class, "hostbridge.publish.NAME", at
    DEBUG (every record reaches the UI; where it is also printed is the root logger's choice)."""
    logger = logging.getLogger(f"hostbridge.publish.{cls.__name__}")
    if _handler not in logger.handlers:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(_handler)
    return logger
