"""The add-on's one hostbridge.Host: found, started and stopped on Blender's main thread."""
import importlib
import os
import sys

import bpy

from . import scene

# Set while serving; the menu reads them. `failure` says why the last start did not serve.
host = None
failure = ""


def find_package(preference_path=""):
    """Imports and returns the hostbridge package. Folders named by $HOSTBRIDGE_PYTHONPATH
    (os.pathsep-separated) and then by the add-on's preference come first on sys.path, so a build
    tree (build/python) wins over a copy installed in Python's own package folders. Raises
    ImportError naming the folders it tried. Once imported, the package stays: another folder
    takes effect when Blender starts again."""
    folders = [f for f in os.environ.get("HOSTBRIDGE_PYTHONPATH", "").split(os.pathsep) if f]
    if preference_path:
        folders.append(os.path.abspath(bpy.path.abspath(preference_path)))  # '//' is the .blend's folder
    for folder in reversed(folders):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    try:
        return importlib.import_module("hostbridge")
    except ImportError as e:
        tried = ", ".join(folders) or "none set"
        raise ImportError(f"the hostbridge package could not be imported ({e}); folders tried before "
                          f"Python's own: {tried}. Set HOSTBRIDGE_PYTHONPATH or the add-on's preference to a "
                          "folder holding hostbridge/ (a build's build/python, or an install's package folder)") from e


def start(preference_path=""):
    """Starts serving the scene functions unless already serving. Main thread. On failure,
    `failure` says why and nothing serves (the add-on stays enabled, so the menu can say so)."""
    global host, failure
    if host is not None:
        return
    executor = None
    try:
        hostbridge = find_package(preference_path)
        executor = hostbridge.executors.BlenderExecutor()
        started = hostbridge.Host(executor=executor)
        scene.bind(started, hostbridge.Fault)
        started.start()
    except (ImportError, OSError) as e:
        failure = str(e)
        print(f"HostBridge: not serving: {failure}", file=sys.stderr)
        if executor is not None:
            executor.unregister()
        return
    host, failure = started, ""
    print(f"HostBridge: serving the scene on {host.url} (connection file {host.connection_file})")


def stop():
    """Stops serving, then ends the executor's timer. Main thread; no effect when not serving.
    Calls waiting for the main thread answer ShuttingDown."""
    global host
    if host is None:
        return
    stopping, host = host, None
    stopping.stop()
    stopping.executor.unregister()
