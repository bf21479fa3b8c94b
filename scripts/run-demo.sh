#!/usr/bin/env bash
# The main job: installs what is missing, builds HostBridge and runs the demo: the stand-in DCC
# (hostbridge-demo-host) launches the publishing UI (hostbridge-ui) and shows it.
#
# With a display: the window opens; reset, validate, repair (right-click the failed validator)
# and publish as an artist would. Ctrl-C stops the host; the UI keeps running until you quit it.
#
# Without a display (or with --headless): the same host launches the UI offscreen, which
# validates, repairs what failed and publishes on its own (hostbridge-ui --run); then this script
# prints the publish report, the published files, a PNG of the window, and a custom function
# called with hostbridge-call, and stops both processes.
set -euo pipefail
cd "$(dirname "$0")/.."

headless=0
case "${1:-}" in
  --headless) headless=1 ;;
  "") [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || headless=1 ;;
  *) echo "usage: scripts/run-demo.sh [--headless]" >&2; exit 2 ;;
esac

scripts/install-deps.sh
scripts/build.sh

if [ "$headless" = 0 ]; then
  output="${HOSTBRIDGE_DEMO_OUTPUT:-$PWD/build/demo-output}"
  echo "Starting the demo host; its UI opens on port 9090. Published files go to $output/publish."
  echo "Ctrl-C stops the host."
  exec build/bin/hostbridge-demo-host --output "$output"
fi

# ---- without a display ------------------------------------------------------------------------
demo="$PWD/build/demo"
rm -rf "$demo"
mkdir -p "$demo"
export HOSTBRIDGE_RUNTIME_DIR="$demo/runtime"  # this run's connection files, apart from others
export QT_QPA_PLATFORM=offscreen
# Not 9090: an artist's UI may be running there. Any free port will do for a demo.
ui_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

build/bin/hostbridge-demo-host --ui-port "$ui_port" --output "$demo/output" \
  --ui-arg --screenshot --ui-arg "$demo/ui.png" --ui-arg --run --ui-arg validate,repair,publish \
  >"$demo/host.out" 2>"$demo/host.log" &
host=$!
stop_all() {
  kill "$host" 2>/dev/null && wait "$host" 2>/dev/null
  # The host leaves the UI running on exit (a DCC reload must not close it); the demo stops it.
  ui_pid=$(sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' "$HOSTBRIDGE_RUNTIME_DIR/ui-$ui_port.json" 2>/dev/null || true)
  [ -n "$ui_pid" ] && kill "$ui_pid" 2>/dev/null
  true
}
trap stop_all EXIT

report="$demo/output/publish-report.txt"
for _ in $(seq 1200); do  # at most 120 s
  [ -f "$report" ] && break
  kill -0 "$host" 2>/dev/null || { echo "run-demo: the demo host ended early:" >&2; cat "$demo/host.log" >&2; exit 1; }
  sleep 0.1
done
if [ ! -f "$report" ]; then
  echo "run-demo: no publish report after 120 s; the host's log:" >&2
  cat "$demo/host.log" >&2
  echo "and the UI's ($HOSTBRIDGE_RUNTIME_DIR/ui-$ui_port.log):" >&2
  cat "$HOSTBRIDGE_RUNTIME_DIR/ui-$ui_port.log" >&2 || true
  exit 1
fi
# The UI writes its PNG 300 ms after the publish ends (once it has rendered): wait for it.
for _ in $(seq 100); do
  [ "$demo/ui.png" -nt "$report" ] && break
  sleep 0.1
done

host_port=$(sed -n 's/^Port://p' "$demo/host.out")
echo
echo "== What happened (the host's log, $demo/host.log)"
cat "$demo/host.log"
echo
echo "== The publish report ($report)"
cat "$report"
echo
echo "== Published files ($demo/output/publish)"
(cd "$demo/output" && find publish -type f | sort)
echo
echo "== A custom function of the host, called from the command line"
echo "\$ build/bin/hostbridge-call --port $host_port scene.ls"
build/bin/hostbridge-call --port "$host_port" scene.ls | head -5
echo "  ..."
echo
echo "== The window as the artist would see it: $demo/ui.png"
grep -q '^PUBLISHED' "$report"
