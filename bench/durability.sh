#!/usr/bin/env bash
# Kills the CLI with SIGKILL at random moments during a stream of step transitions, TRIALS times (default 100),
# and checks that every acknowledged transition is in the database and the chain still verifies.
# The test command runs the same test with 10 trials.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"
RUNSHEET_DURABILITY_TRIALS="${TRIALS:-100}" cargo test -q -p runsheet-cli --test cli durability -- --nocapture 2>&1 \
  | grep -E '^durability:|test result'
