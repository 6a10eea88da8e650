#!/usr/bin/env bash
# Regenerates the UI's TypeScript bindings (ui/src/bindings/) from the Rust types with ts-rs.
# With --check, fails if the committed bindings differ from what the Rust types generate.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cargo-env.sh
rm -rf ui/src/bindings
# Every exported type lives in runsheet-core; one test process writes them all, so files are merged, not raced.
# `--workspace`, as scripts/test.sh builds, so that the lib tests built here are the ones the tests run next.
cargo test -q --workspace --lib export_bindings -- --test-threads=1 >/dev/null
# The names of the app's commands, from its one list (src-tauri/src/lib.rs).
cargo test -q --workspace --lib export_command_names >/dev/null
if [ "${1:-}" = "--check" ]; then
  if ! git diff --exit-code --stat -- ui/src/bindings || [ -n "$(git ls-files --others --exclude-standard ui/src/bindings)" ]; then
    echo "ui/src/bindings is stale: run scripts/bindings.sh and commit the result" >&2
    exit 1
  fi
fi
