#!/usr/bin/env bash
# Runs the end-to-end tests: the real app in a real window under Xvfb, driven over WebDriver by tauri-driver.
# Expects the app, the CLI and the UI to be built already (scripts/test.sh does that).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$CARGO_HOME/bin:$PATH"
ARTIFACTS="${RUNSHEET_ARTIFACTS:-$PWD/artifacts/e2e}"
mkdir -p "$ARTIFACTS"
export RUNSHEET_ARTIFACTS="$ARTIFACTS"
# anyhow would otherwise capture a backtrace per error, and symbolising a debug binary takes minutes.
export RUST_LIB_BACKTRACE=0
# Each run gets its own HOME so WebKit's caches and any keyring stay out of the user's.
E2E_HOME="$(mktemp -d)"
trap 'rm -rf "$E2E_HOME"' EXIT
export HOME_FOR_APP="$E2E_HOME"

dbus-run-session -- xvfb-run -a -s "-screen 0 1440x900x24" bash -c '
  set -euo pipefail
  export HOME="$HOME_FOR_APP" XDG_DATA_HOME="$HOME_FOR_APP/data" XDG_CACHE_HOME="$HOME_FOR_APP/cache"
  export WEBKIT_DISABLE_DMABUF_RENDERER=1
  # A Secret Service for the Secrets page: gnome-keyring, unlocked, private to this D-Bus session.
  export XDG_RUNTIME_DIR="$HOME_FOR_APP/run"; mkdir -p -m 700 "$XDG_RUNTIME_DIR"
  echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  tauri-driver --port 4444 --native-port 4445 > "$RUNSHEET_ARTIFACTS/tauri-driver.log" 2>&1 & TD=$!
  trap "kill $TD 2>/dev/null || true" EXIT
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:4444/status >/dev/null 2>&1 && break; sleep 0.1; done
  cargo test -p runsheet-e2e --test e2e -- --test-threads=1 "$@"
' e2e "$@"
