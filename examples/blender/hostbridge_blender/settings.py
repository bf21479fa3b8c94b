"""The add-on's settings: for publishing, an environment variable when set (for a studio's
launcher or a test), else the add-on's preference (Edit > Preferences > Add-ons > HostBridge),
else the default. Main thread (they read bpy)."""
import os

import bpy

ADDON = __package__
DEFAULT_ROOT = os.path.join(os.path.expanduser("~"), "hostbridge-publish")
DEFAULT_FACE_BUDGET = 10000
DEFAULT_UI_PORT = 9090


def _preference(name):
    # Not listed when enabled without being kept in the preferences (addon_utils.enable(default_set=False)).
    addon = bpy.context.preferences.addons.get(ADDON)
    return getattr(addon.preferences, name) if addon else None


def _number(variable, preference, default, low, high):
    text = os.environ.get(variable)
    if text:
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"${variable} must be a whole number, got {text!r}") from None
    else:
        value = _preference(preference) or default
    if not low <= value <= high:
        raise ValueError(f"{variable.lower()}: {value} is not in {low}..{high}")
    return value


def package_folder():
    """The preference "hostbridge package folder" ("" when unset): serving.find_package's."""
    return _preference("python_path") or ""


def publish_root():
    """Where models are published: $HOSTBRIDGE_PUBLISH_ROOT, the preference "Publish folder"
    ('//' is the .blend's folder), or ~/hostbridge-publish. An absolute path."""
    folder = os.environ.get("HOSTBRIDGE_PUBLISH_ROOT") or _preference("publish_root") or DEFAULT_ROOT
    return os.path.abspath(bpy.path.abspath(folder))


def face_budget():
    """The most faces a model may have: $HOSTBRIDGE_FACE_BUDGET or the preference "Face budget"."""
    return _number("HOSTBRIDGE_FACE_BUDGET", "face_budget", DEFAULT_FACE_BUDGET, 1, 2**31 - 1)


def ui_path():
    """The preference "hostbridge-ui" as an absolute path, or None: the package then looks in
    $HOSTBRIDGE_UI, the installation and $PATH."""
    path = _preference("ui_path")
    return os.path.abspath(bpy.path.abspath(path)) if path else None


def ui_port():
    """Where the publishing UI serves (reused there, or launched there): $HOSTBRIDGE_UI_PORT or
    the preference "UI port" (9090, the UI's default)."""
    return _number("HOSTBRIDGE_UI_PORT", "ui_port", DEFAULT_UI_PORT, 1, 65535)
