"""Publishing in pyblish's shape: port a pyblish plug-in by changing its import.

    from hostbridge import publish

    class CollectModels(publish.ContextPlugin):
        order = publish.CollectorOrder
        def process(self, context):
            for name in ("hero_GEO", "prop_GEO"):
                context.create_instance(name, family="model", faces=120)
            self.log.info("collected %d models", len(context))

    service = publish.serve(host, plugins=[CollectModels, ...], host_name="blender")  # before host.start()
    report = publish.publish(plugins=[CollectModels, ...], host_name="blender")        # headless

The plug-ins run in the C++ Publisher: the UI drives them through the same /pyblish service
as a C++ host's, on the host's main thread (docs/python.md, "Publishing").
"""
from .. import _hostbridge
from .context import Context, Data, Instance
from .plugin import (Action, CollectorOrder, ContextPlugin, ExtractorOrder, InstancePlugin, IntegratorOrder,
                     ValidatorOrder)
from .plugin import register as _register

__all__ = ["ContextPlugin", "InstancePlugin", "Action", "Context", "Instance", "Data", "CollectorOrder",
           "ValidatorOrder", "ExtractorOrder", "IntegratorOrder", "Report", "Service", "serve", "publish"]


class Report:
    """What a publish did: success, results (each pyblish's result dict, as on the wire),
    failed (results with an error), skipped, stopped_by (the stop rule's message, "" when not
    stopped) and formatted (a readable multi-line text; also str(report))."""

    def __init__(self, values):
        self.success = values["success"]
        self.results = values["results"]
        self.failed = values["failed"]
        self.skipped = values["skipped"]
        self.stopped_by = values["stopped_by"]
        self.formatted = values["formatted"]

    def __str__(self):
        return self.formatted

    def __repr__(self):
        return f"<Report success={self.success} results={len(self.results)} failed={self.failed}>"


def _registry(plugins):
    registry = _hostbridge.PluginRegistry()
    for plugin in plugins:
        _register(registry, plugin)
    return registry


class Service:
    """The /pyblish service of a host (made by serve())."""

    def __init__(self, host, plugins, host_name, context_data):
        self._service = _hostbridge.PublishingService(host, _registry(plugins), host_name, dict(context_data or {}))

    def on_emit(self, callback):
        """callback(signal, kwargs) for every emit of the UI (instanceToggled, pluginToggled,
        commented, instanceCommented, published, ...), on the host's main thread, after the
        service applied it (a comment is then in the context's or the instance's data).
        Returns callback, so it also decorates."""
        self._service.on_emit(callback)
        return callback

    def report(self):
        """The session since the UI's last reset as a Report (e.g. on "published"). Main thread."""
        return Report(self._service.report())


def serve(host, plugins, host_name="hostbridge", context_data=None):
    """Serves `plugins` (ContextPlugin / InstancePlugin classes) at /pyblish of `host`, before
    host.start(). Plug-ins whose hosts hold neither `host_name` nor "*" are left out;
    context_data is merged into every context's data."""
    return Service(host, plugins, host_name, context_data)


def publish(plugins, host_name="hostbridge", context_data=None):
    """Headless: runs every plug-in in order on a fresh context on this thread, stopping after
    validation when a validator failed, and returns the Report."""
    return Report(_hostbridge.publish(_registry(plugins), host_name, dict(context_data or {})))
