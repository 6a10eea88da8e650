#!/usr/bin/env bash
# A team workspace on PostgreSQL (release build), each figure beside a bare baseline measured in the same run, on a
# server started on 127.0.0.1 with PostgreSQL's default durability: fan-out of one change to 50 listening clients,
# 20 writers contending for BENCH_SECONDS (default 60), and one step transition beside a workspace file.
# Prints Markdown for docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --test
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"
cargo bench -q -p runsheet-store --bench team
