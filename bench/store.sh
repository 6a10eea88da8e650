#!/usr/bin/env bash
# Store at scale: opening a 2,000-step run with 50,000 events, durable step transitions, verifying 100,000
# events, each beside a bare SQLite loop on the same file. Prints a Markdown table for docs/performance.md.
# BENCH_DIR picks the disk (default /var/tmp; the figures depend on its fsync latency).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"
cargo bench -q -p runsheet-store --bench store 2>/dev/null
