#!/usr/bin/env bash
# The main job: builds HostBridge and runs the hello host, then talks to it with
# hostbridge-call the way a script would. In a terminal it keeps serving until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh

out=$(mktemp)
build/bin/hostbridge-hello-host >"$out" &
host=$!
trap 'kill $host 2>/dev/null; wait $host 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q '^Port:' "$out" && break; sleep 0.05; done
port=$(sed -n 's/^Port://p' "$out")
[ -n "$port" ] || { echo "run-demo: the hello host did not start" >&2; exit 1; }

run() { echo "\$ $*"; "$@"; echo; }
echo
run build/bin/hostbridge-call --port "$port" --list
run build/bin/hostbridge-call --port "$port" add 2 40
run build/bin/hostbridge-call --port "$port" echo '{"shot": "sh010", "frames": [1001, 1096], "camera": null}'
echo "\$ build/bin/hostbridge-call --port $port fail 42 '\"a fault on purpose\"'"
build/bin/hostbridge-call --port "$port" fail 42 '"a fault on purpose"' || echo "(exit $?)"
echo
if [ -t 0 ]; then
  echo "The hello host serves on port $port. Call it from another terminal, e.g.:"
  echo "  build/bin/hostbridge-call --port $port add 1 2"
  echo "Ctrl-C stops it."
  wait $host
fi
