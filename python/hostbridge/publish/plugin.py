"""Plug-ins and actions in pyblish's shape, and how each class becomes a C++ Plugin of a
registry (docs/python.md, "Publishing")."""
import inspect

from . import log
from .context import Context, Instance

# The pyblish order ranges: a plug-in's order is one of these plus a fraction.
CollectorOrder = 0.0
ValidatorOrder = 1.0
ExtractorOrder = 2.0
IntegratorOrder = 3.0

_ON = ("all", "failed", "succeeded", "processed", "notProcessed")


class _Logged:
    @property
    def log(self):
        """The class's standard logging.Logger; its records reach the Result and the UI live."""
        return log.logger_for(type(self))

    def progress(self, done, total, message=""):
        """How far this call is: `done` of `total` steps and what it does now; live to the UI
        only (no record). Outside a plug-in call it does nothing."""
        view = log.current()
        if view is not None:
            view.progress(int(done), int(total), str(message))


class Action(_Logged):
    """A command on a plug-in's menu in the UI, run on the context: subclass it, set `label`,
    `on` (when the UI offers it: all, failed, succeeded, processed, notProcessed) and `icon`,
    and define process(self, context, plugin) (`plugin` is the plug-in's class)."""

    label = None
    on = "all"
    icon = None

    def process(self, context, plugin):
        raise NotImplementedError(f"{type(self).__name__} defines no process(context, plugin)")


class _Plugin(_Logged):
    order = None
    label = None
    families = ["*"]
    hosts = ["*"]
    targets = ["default"]
    optional = False
    active = True
    actions = []


class ContextPlugin(_Plugin):
    """Runs once on the context: define process(self, context), and optionally
    repair(self, context)."""


class InstancePlugin(_Plugin):
    """Runs once per instance whose family (or one of its families) is in `families` and that
    is toggled on: define process(self, instance) (instance.context is the context), and
    optionally repair(self, instance)."""


def _runner(cls, method_name):
    """The callable C++ calls with the views of one call: makes a fresh plug-in object (as
    pyblish does) and calls its method on the context or the instance."""
    for_instances = issubclass(cls, InstancePlugin)

    def run(context_view, instance_view, log_view):
        with log.running(log_view):
            context = Context(context_view)
            method = getattr(cls(), method_name)
            if for_instances:
                method(Instance(instance_view, context))
            else:
                method(context)
    return run


def _action_spec(action, plugin):
    if not (inspect.isclass(action) and issubclass(action, Action)):
        raise TypeError(f"{plugin.__name__}.actions: {action!r} is not an Action class")
    if action.on not in _ON:
        raise ValueError(f"{action.__name__}.on must be one of {', '.join(_ON)}; got {action.on!r}")

    def run(context_view, _instance_view, log_view):
        with log.running(log_view):
            action().process(Context(context_view), plugin)
    return (action.__name__, action.label or action.__name__, action.on, action.icon or "",
            inspect.getdoc(action) or "", "action", run)


def register(registry, cls):
    """Adds the plug-in class `cls` to the C++ registry. TypeError for a class that is not a
    ContextPlugin or InstancePlugin or has no process() or order; ValueError for a name
    already added."""
    if not (inspect.isclass(cls) and issubclass(cls, (ContextPlugin, InstancePlugin))):
        raise TypeError(f"{cls!r} is not a ContextPlugin or InstancePlugin class")
    if not callable(getattr(cls, "process", None)):
        raise TypeError(f"{cls.__name__} defines no process()")
    if cls.order is None:
        raise TypeError(f"{cls.__name__} has no order (CollectorOrder, ValidatorOrder, ...)")
    log.logger_for(cls)  # the handler is in place before the first call
    repair = _runner(cls, "repair") if callable(getattr(cls, "repair", None)) else None
    registry.add(name=cls.__name__, order=float(cls.order), instance=issubclass(cls, InstancePlugin),
                 process=_runner(cls, "process"), label=cls.label or "", families=list(cls.families),
                 hosts=list(cls.hosts), targets=list(cls.targets), optional=bool(cls.optional), active=bool(cls.active),
                 doc=inspect.getdoc(cls) or "", repair=repair,
                 actions=[_action_spec(action, cls) for action in cls.actions])
