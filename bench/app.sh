#!/usr/bin/env bash
# Launch time, idle memory and tick-to-screen latency of the Runsheet app beside a bare Tauri app (bench/bare-app),
# both built here (release builds) and measured in the same run under Xvfb over WebDriver. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --test
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$CARGO_HOME/bin:$PATH"
RUNS="${RUNS:-5}"
# Two checkouts on one machine can run this at once on different ports (as scripts/e2e.sh).
export BENCH_PORT="${RUNSHEET_E2E_PORT:-4444}"
# Release builds, what users run: the app and the CLI as scripts/package.sh builds them for the .deb (the same
# command, so neither build invalidates the other), and the bare app with the same [profile.release].
./scripts/package.sh >/dev/null
# The bare app resolves the same dependency versions as the workspace, so the build reuses them.
cp Cargo.lock bench/bare-app/Cargo.lock
cargo build -q --release --manifest-path bench/bare-app/Cargo.toml
rm -f bench/bare-app/Cargo.lock
BENCH_HOME="$(mktemp -d)"
trap 'rm -rf "$BENCH_HOME"' EXIT
export BENCH_HOME RUNS
# First with no WEBKIT_* variables: memory and launch as users get them. Runsheet turns WebKit's compositing off
# itself on a machine without a GPU (src-tauri/src/rendering.rs); a bare Tauri app keeps WebKit's default. Then once
# more with WEBKIT_DISABLE_COMPOSITING_MODE=1 for both, the bare app's best set-up on such a machine, so that the
# difference is Runsheet's own weight and not the setting. On a machine with a GPU the second run is skipped.
dbus-run-session -- xvfb-run -a -s "-screen 0 1440x900x24" bash -c '
  export HOME="$BENCH_HOME" XDG_DATA_HOME="$BENCH_HOME/data" XDG_CACHE_HOME="$BENCH_HOME/cache"
  measure() {
    tauri-driver --port "$BENCH_PORT" --native-port "$((BENCH_PORT + 1))" >/dev/null 2>&1 & TD=$!
    until curl -sf "http://127.0.0.1:$BENCH_PORT/status" >/dev/null 2>&1; do sleep 0.1; done
    python3 bench/app.py "$CARGO_TARGET_DIR/release/runsheet-app" "$CARGO_TARGET_DIR/release/runsheet" \
      "$CARGO_TARGET_DIR/release/bare-app" "$RUNS" || { kill $TD; return 1; }
    kill $TD; wait $TD 2>/dev/null || true
  }
  echo "## As users get them (no WEBKIT_* variables)"
  measure
  if ! compgen -G "/dev/dri/renderD*" >/dev/null && ! compgen -G "/dev/dri/card*" >/dev/null; then
    echo; echo "## Both apps with WEBKIT_DISABLE_COMPOSITING_MODE=1 (no GPU here: the bare app'"'"'s best set-up)"
    WEBKIT_DISABLE_COMPOSITING_MODE=1 measure
  fi
'
