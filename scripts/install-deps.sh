#!/usr/bin/env bash
# Installs the Debian bookworm packages HostBridge builds and tests with. Skips apt entirely
# when everything is already installed, so repeated runs are fast and work offline.
set -euo pipefail

packages=(
  g++ make cmake python3            # toolchain; python3 is the interop peer in tests
  pkg-config                        # tests/package checks the installed hostbridge.pc with it
  libxmlrpc-core-c3-dev             # xmlrpc-c: the XML-RPC encoding (C library only)
  nlohmann-json3-dev                # JSON for connection files and hostbridge-call (header-only, private)
  libgtest-dev                      # unit tests
  pybind11-dev python3-dev          # the Python package hostbridge (python/), for /usr/bin/python3
  python3-pyside2.qtcore            # its QtExecutor test, in a real Qt event loop (PySide2: Maya 2022-2024's)
  blender xvfb xauth                # the real Blender test (tests/blender): its window under Xvfb (blender -b runs no timers)
  python3-numpy                     # Blender's glTF exporter imports numpy
  qt6-base-dev qt6-declarative-dev  # the publishing UI (qml_ui): Qt Core/Gui/Test, Qml/Quick
  # QML modules the UI loads at run time. The build passes without them; the app then fails
  # only when run. Nothing depends on qml6-module-qtqml-workerscript, yet every QML load
  # fails without it ("module QtQml.WorkerScript is not installed").
  qml6-module-qtqml qml6-module-qtquick qml6-module-qtquick-controls
  qml6-module-qtquick-templates qml6-module-qtquick-layouts qml6-module-qtquick-window
  qml6-module-qtqml-workerscript
  fonts-dejavu-core                 # without any font the offscreen renderer draws empty boxes
  clang-14 libclang-rt-14-dev       # the libFuzzer targets (tests/fuzz, scripts/run-sanitized-tests.sh)
  clang-format-14                   # tests/architecture checks the C++ sources against .clang-format
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
