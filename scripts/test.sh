#!/usr/bin/env bash
# Runs every test: formatting, lints, the no-Tauri rule, binding freshness, Rust unit and integration tests
# (real SQLite files, the sqlite3 tool, SIGKILL durability), the UI's type check and unit tests, and the
# end-to-end tests of the real app under Xvfb over WebDriver. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; SECONDS_AT_STEP=$SECONDS; }

step "UI: type check, unit tests, build"
(cd ui && npm run --silent typecheck && npm test --silent && npm run --silent build)

step "cargo fmt --check"
cargo fmt --all --check

step "core crates do not depend on tauri"
for manifest in crates/*/Cargo.toml; do
  crate=$(basename "$(dirname "$manifest")")
  if cargo tree -p "$crate" -e normal --prefix none | grep -qE '^tauri( |-)'; then
    echo "$crate depends on tauri; only src-tauri may" >&2
    exit 1
  fi
done

step "cargo clippy --all-targets -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "TypeScript bindings are up to date"
./scripts/bindings.sh --check

step "Rust tests"
cargo test --workspace --exclude runsheet-e2e --quiet

step "end-to-end: the real app under Xvfb over WebDriver"
cargo build -p runsheet-app -p runsheet-cli --quiet
./scripts/e2e.sh --quiet

printf '\nAll tests passed in %d s.\n' "$SECONDS"
