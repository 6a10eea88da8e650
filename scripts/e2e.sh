#!/usr/bin/env bash
# Runs the end-to-end tests: the real app in a real window under Xvfb, driven over WebDriver by tauri-driver.
# Expects the app, the CLI and the UI to be built already (scripts/test.sh does that).
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$CARGO_HOME/bin:$PATH"
source scripts/cargo-env.sh
ARTIFACTS="${RUNSHEET_ARTIFACTS:-$PWD/artifacts/e2e}"
mkdir -p "$ARTIFACTS"
export RUNSHEET_ARTIFACTS="$ARTIFACTS"
# anyhow would otherwise capture a backtrace per error, and symbolising a debug binary takes minutes.
export RUST_LIB_BACKTRACE=0
# Each run gets its own HOME so WebKit's caches and any keyring stay out of the user's.
E2E_HOME="$(mktemp -d)"
trap 'rm -rf "$E2E_HOME"' EXIT
export HOME_FOR_APP="$E2E_HOME"
# Two checkouts on one machine can run their e2e tests at once on different ports (RUNSHEET_E2E_PORT).
export E2E_PORT="${RUNSHEET_E2E_PORT:-4444}"
export TAURI_DRIVER_URL="http://127.0.0.1:$E2E_PORT"

dbus-run-session -- xvfb-run -a -s "-screen 0 1920x1080x24" bash -c '
  set -euo pipefail
  export HOME="$HOME_FOR_APP" XDG_DATA_HOME="$HOME_FOR_APP/data" XDG_CACHE_HOME="$HOME_FOR_APP/cache"
  # Not WEBKIT_DISABLE_DMABUF_RENDERER=1 (it saves memory): with it, a WebDriver screenshot of a page that is not
  # repainting waits for a frame that never comes (seen: 90 s and more on an idle page; 0 s without it). The app
  # itself paints without compositing here (no GPU: src-tauri/src/rendering.rs), where the same wait happens, so
  # the test support keeps the page drawing while it takes a screenshot (tests/e2e/support.rs).
  # A Secret Service for the Secrets page: gnome-keyring, unlocked, private to this D-Bus session.
  export XDG_RUNTIME_DIR="$HOME_FOR_APP/run"; mkdir -p -m 700 "$XDG_RUNTIME_DIR"
  echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  tauri-driver --port "$E2E_PORT" --native-port "$((E2E_PORT + 1))" > "$RUNSHEET_ARTIFACTS/tauri-driver.log" 2>&1 & TD=$!
  trap "kill $TD 2>/dev/null || true" EXIT
  for _ in $(seq 1 100); do curl -sf "$TAURI_DRIVER_URL/status" >/dev/null 2>&1 && break; sleep 0.1; done
  cargo test --workspace --features runsheet-e2e/e2e --test e2e -- --test-threads=1 "$@"
' e2e "$@"
