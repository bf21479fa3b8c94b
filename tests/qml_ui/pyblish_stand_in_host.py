#!/usr/bin/env python3
"""A stand-in pyblish host: the publishing service of protocol.md ("Host side"), stdlib only.

    pyblish_stand_in_host.py [--port N] [--log FILE] [--delay S] [--plugin-dir DIR]
                             [--show-ui PORT [--ui-token T]]

Serves /pyblish (and /RPC2) on 127.0.0.1 (port 0: any free one), prints "Port:NNNN" once it
serves, and appends one JSON line per call to --log: {"method": ..., "params": [...]}.
--delay S makes every process() take S seconds (to test stop while a pair runs).
--plugin-dir DIR: where the plug-ins say they live (their "path", DIR/validate_normals.py for
ValidateNormals, and so its error's "fname", at line 42); by default this file, and the error's
file name alone.
--show-ui PORT plays the legacy handshake against a UI: heartbeat(port) every second and one
show(port, settings). Ends on SIGTERM/SIGINT or stdin closing (so a parent that dies takes it
along). Also importable: StandInHost(...).start() runs it on a thread for Python tests.

Plug-ins (ids change on every reset):
  CollectInstances   0    context  adds Bruce (model), Chair (model), Camera1 (camera)
  CollectUser        0.1  context  sets context data "user"
  ValidateNaming     1    model    passes, logs an info record
  ValidateNormals    1    model    optional; fails on Chair ("Chair has locked normals"); repair;
                                   actions (below); documented
  ValidateCamera     1.1  camera   passes with a warning record
  ValidateRig        1    rig      nothing to process (no rig instance)
  ExtractModel       2    model    passes
  IntegrateAsset     3    *        context plug-in, passes

ValidateNormals' actions, as pyblish sends them (Action.id is the class name): a category
"Scene", "SelectFaces" (on failed), a separator, "Report" (on all), "Preview" (on notProcessed),
"Hidden" (active False). process(plugin, nil, action id) runs one and returns a Result with its
records; an unknown id is a fault, as pyblish raises KeyError.
"""

import argparse
import json
import os
import re
import signal
import sys
import threading
import time
import xmlrpc.client
import xmlrpc.server


def _action(aid, label, on="all", kind="action", active=True):
    return {"id": aid, "label": label, "description": None, "active": active, "icon": "", "on": on,
            "__type__": kind}


NORMALS_ACTIONS = [
    _action("Category-Scene", "Scene", kind="category"),
    _action("SelectFaces", "Select faces", on="failed"),
    _action("Separator-1", "", kind="separator"),
    _action("Report", "Report"),
    _action("Preview", "Preview", on="notProcessed"),
    _action("Hidden", "Hidden", active=False),
]


def _plugin(name, order, families, ptype, *, optional=False, context=False, repair=False, label=None, doc="",
            actions=()):
    return {
        "name": name, "label": label, "version": [1, 0, 0], "category": None, "requires": "pyblish>=1",
        "order": order, "optional": optional, "active": True, "hosts": ["*"], "families": families,
        "doc": doc, "path": __file__, "module": "stand_in_plugins", "type": ptype, "hasRepair": repair,
        "pre11": False, "contextEnabled": context, "instanceEnabled": not context,
        "process": {"args": ["context" if context else "instance"]},
        "repair": {"args": ["instance"] if repair else []}, "actions": list(actions),
    }


PLUGINS = [
    _plugin("CollectInstances", 0, ["*"], "Collector", context=True, label="Collect instances"),
    _plugin("CollectUser", 0.1, ["*"], "Collector", context=True),
    _plugin("ValidateNaming", 1, ["model"], "Validator", label="Validate naming"),
    _plugin("ValidateNormals", 1, ["model"], "Validator", optional=True, repair=True, label="Validate normals",
            doc="Models must not have locked normals.\n\nRepair unlocks them. Why: "
                "https://wiki.example.com/pipeline/normals", actions=NORMALS_ACTIONS),
    _plugin("ValidateCamera", 1.1, ["camera"], "Validator"),
    _plugin("ValidateRig", 1, ["rig"], "Validator"),
    _plugin("ExtractModel", 2, ["model"], "Extractor", label="Extract model"),
    _plugin("IntegrateAsset", 3, ["*"], "Integrator", context=True, label="Integrate asset"),
]


def _module_file(name):
    """ValidateNormals -> validate_normals.py"""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() + ".py"


def _record(message, levelno=20):
    names = {10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR"}
    return {"name": "pyblish", "levelname": names.get(levelno, "INFO"), "levelno": levelno,
            "message": message, "created": time.time(), "lineno": 1}


class PublishingService:
    """The methods of protocol.md. Calls are serialised by one lock, like a DCC's main thread."""

    def __init__(self, delay=0.0, log=None, plugin_dir=None):
        self.delay = delay
        self.plugin_dir = plugin_dir
        self.log_path = log
        self.lock = threading.Lock()
        self.calls = []
        self.count = 0
        self.generation = 0
        self.repaired = False
        self._fresh()

    # The service's state ------------------------------------------------------------------
    def _fresh(self):
        self.generation += 1
        g = self.generation
        self.context = {"name": "Context", "id": f"Context-{g}",
                        "data": {"host": "stand-in", "port": 0, "user": "", "connectTime": "2026-11-21T10:00:00Z",
                                 "label": "Stand-in scene"},
                        "children": []}
        self.plugins = []
        for p in PLUGINS:
            q = dict(p)
            q["id"] = f"{p['name']}-{g}"
            if self.plugin_dir:
                q["path"] = os.path.join(self.plugin_dir, _module_file(p["name"]))
            self.plugins.append(q)

    def _instance(self, name, family):
        return {"name": name, "id": f"{name}-{self.generation}",
                "data": {"name": name, "label": name, "family": family, "families": [family], "publish": True},
                "children": []}

    def _note(self, method, params):
        self.count += 1
        entry = {"method": method, "params": params}
        self.calls.append(entry)
        if self.log_path:
            with open(self.log_path, "a") as f:
                f.write(json.dumps(entry, default=str) + "\n")

    # The protocol --------------------------------------------------------------------------
    def _dispatch(self, method, params):
        with self.lock:
            self._note(method, list(params))
            handler = getattr(self, "rpc_" + method, None)
            if handler is None:
                raise xmlrpc.client.Fault(1, f"<class 'Exception'>:method \"{method}\" is not supported")
        if method == "process" and self.delay:
            time.sleep(self.delay)  # outside the lock: ping and stats still answer
        with self.lock:
            return handler(*params)

    def rpc_ping(self):
        return {"message": "Hello, whirled", "version": "stand-in"}

    def rpc_stats(self):
        return {"totalRequestCount": self.count}

    def rpc_reset(self):
        self.repaired = False
        self._fresh()
        return None

    def rpc_context(self):
        return self.context

    def rpc_discover(self):
        return self.plugins

    def _find_plugin(self, plugin):
        pid = plugin.get("id") if isinstance(plugin, dict) else None
        for p in self.plugins:
            if p["id"] == pid:
                return p
        raise xmlrpc.client.Fault(1, f"<class 'KeyError'>:no plug-in with id {pid!r} (ids change on reset)")

    def _find_instance(self, instance):
        if instance is None:
            return None
        iid = instance.get("id") if isinstance(instance, dict) else None
        for i in self.context["children"]:
            if i["id"] == iid:
                return i
        raise xmlrpc.client.Fault(1, f"<class 'KeyError'>:no instance with id {iid!r} (ids change on reset)")

    def rpc_process(self, plugin, instance=None, action=None):
        p = self._find_plugin(plugin)
        inst = self._find_instance(instance)
        if action is not None:
            return self._run_action(p, action)
        records, error = [], None
        name = p["name"]
        if name == "CollectInstances":
            self.context["children"] = [self._instance("Bruce", "model"), self._instance("Chair", "model"),
                                        self._instance("Camera1", "camera")]
            records.append(_record("collected 3 instances"))
        elif name == "CollectUser":
            self.context["data"]["user"] = "artist"
        elif name == "ValidateNaming":
            records.append(_record(f"{inst['name']} is named well"))
        elif name == "ValidateNormals":
            if inst["name"] == "Chair" and not self.repaired:
                fname = p["path"] if self.plugin_dir else "validate_normals.py"
                error = {"message": "Chair has locked normals", "fname": fname,
                         "line_number": 42, "func": "process", "exc": "AssertionError"}
                records.append(_record("Chair: 12 faces with locked normals", 40))
        elif name == "ValidateCamera":
            records.append(_record("Camera1 has no focal length keyed", 30))
        elif name == "ExtractModel":
            records.append(_record(f"extracted {inst['name']}.abc"))
        elif name == "IntegrateAsset":
            records.append(_record("integrated"))
        return {"success": error is None, "plugin": p, "instance": inst, "error": error,
                "records": records, "duration": 1.5}

    def _run_action(self, p, action_id):
        known = {a["id"]: a for a in p["actions"] if a["__type__"] == "action"}
        if action_id not in known:
            raise xmlrpc.client.Fault(1, f"<class 'KeyError'>:{action_id!r}")
        return {"success": True, "plugin": p, "instance": None, "action": action_id, "error": None,
                "records": [_record(f"{known[action_id]['label']}: done on the scene")], "duration": 0.25}

    def rpc_repair(self, plugin, instance=None):
        p = self._find_plugin(plugin)
        if p["name"] == "ValidateNormals":
            self.repaired = True
        return {"success": True, "plugin": p, "instance": self._find_instance(instance), "error": None,
                "records": [_record("repaired")], "duration": 0.5}

    def rpc_test(self, variables):
        next_order = variables.get("nextOrder", 0)
        with_error = variables.get("ordersWithError", [])
        if next_order >= 1.5 and any(1 <= o < 2 for o in with_error):
            return "failed validation"
        return None

    def rpc_emit(self, signal_name, kwargs=None):
        return None


class _Handler(xmlrpc.server.SimpleXMLRPCRequestHandler):
    rpc_paths = ("/pyblish", "/RPC2")

    def log_message(self, *args):
        pass


class StandInHost:
    def __init__(self, port=0, delay=0.0, log=None, plugin_dir=None):
        self.service = PublishingService(delay=delay, log=log, plugin_dir=plugin_dir)
        self.server = xmlrpc.server.SimpleXMLRPCServer(("127.0.0.1", port), requestHandler=_Handler,
                                                       allow_none=True, logRequests=False)
        self.server.register_instance(self.service)
        self.server.instance._dispatch = self.service._dispatch
        self.port = self.server.server_address[1]
        self.thread = None

    def start(self):
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--show-ui", type=int)
    parser.add_argument("--ui-token")
    parser.add_argument("--plugin-dir")
    args = parser.parse_args()

    # One request at a time would let a slow process() block ping: serve on threads.
    import socketserver

    class Server(socketserver.ThreadingMixIn, xmlrpc.server.SimpleXMLRPCServer):
        daemon_threads = True

    service = PublishingService(delay=args.delay, log=args.log, plugin_dir=args.plugin_dir)
    server = Server(("127.0.0.1", args.port), requestHandler=_Handler, allow_none=True, logRequests=False)
    server.register_instance(service)
    server.instance._dispatch = service._dispatch
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    print(f"Port:{port}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()

    if args.show_ui:
        auth = f"any:{args.ui_token}@" if args.ui_token else ""
        ui = xmlrpc.client.ServerProxy(f"http://{auth}127.0.0.1:{args.show_ui}/", allow_none=True)
        ui.heartbeat(port)
        ui.show(port, {"WindowTitle": "Stand-in host - publish", "ContextLabel": "Stand-in scene",
                       "HeartbeatInterval": 1})
        while not stop.wait(1.0):
            try:
                ui.heartbeat(port)
            except (OSError, xmlrpc.client.Error):
                pass
    else:
        stop.wait()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
