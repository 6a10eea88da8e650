#!/usr/bin/env bash
# Runs the Runsheet app: installs what is missing, builds the UI and the app, and opens the window.
# The workspace is the OS app-data dir, or RUNSHEET_DATA_DIR, or `--data-dir DIR` passed to this script.
# With no display (a bare server), the window opens inside Xvfb and a screenshot is written to artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"
(cd ui && npm run --silent build)
cargo build -p runsheet-app -p runsheet-cli
app="$CARGO_TARGET_DIR/debug/runsheet-app"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$app" "$@"
fi
echo "No display: running the app under Xvfb; screenshots every 10 s go to artifacts/window.png (Ctrl-C stops)." >&2
mkdir -p artifacts
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1440x900x24" bash -c '
  "$0" "$@" & app=$!
  trap "kill $app 2>/dev/null" EXIT INT TERM
  while kill -0 $app 2>/dev/null; do sleep 10; import -window root artifacts/window.png 2>/dev/null || true; done
' "$app" "$@"
