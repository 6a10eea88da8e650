#!/usr/bin/env bash
# Importing a 5 MB Markdown go-live plan with the release CLI: `runsheet import plan.md --json` end to end (start,
# read, decode, repair mojibake, parse, build, print JSON), beside the same binary's start-up alone, then the
# in-process stages beside pulldown-cmark alone on the same text (cargo bench). The plan is the two real plans in
# crates/runsheet-plan/tests/fixtures repeated to 5 MB, every third copy garbled through windows-1252.
# Uses hyperfine when installed, else a timed loop. RUNS sets the runs (default 10). Prints Markdown for
# docs/performance.md; target: ≤ 500 ms end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"
RUNS="${RUNS:-10}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cargo build -q --release -p runsheet-cli
BIN="$CARGO_TARGET_DIR/release/runsheet"
# The bench writes the plan it measures, so the CLI is timed on the same bytes.
cargo bench -q -p runsheet-plan --bench import -- --write "$WORK/plan.md" > "$WORK/stages.md"
echo "Plan: $(du -h "$WORK/plan.md" | cut -f1), $(head -1 "$WORK/stages.md" | sed 's/^plan: //')"
echo
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine -N --warmup 2 --runs "$RUNS" --export-markdown "$WORK/cli.md" \
    -n "runsheet import plan.md --json (5 MB)" "$BIN import $WORK/plan.md --json" \
    -n "runsheet --version (start-up alone)" "$BIN --version" > /dev/null
  cat "$WORK/cli.md"
else
  # Milliseconds of each run, one per line.
  runs() { for _ in $(seq "$RUNS"); do
      s=$(date +%s%N); "$@" > /dev/null; e=$(date +%s%N); echo "$(( (e - s) / 1000 ))"; done; }
  stats() { sort -n | awk '{a[NR]=$1} END {printf "%.1f ms | %.1f ms", a[int((NR+1)/2)]/1000, a[NR]/1000}'; }
  "$BIN" import "$WORK/plan.md" --json > /dev/null  # warm the page cache
  echo "| What (release CLI, $RUNS runs) | Median | Slowest |"
  echo "| --- | ---: | ---: |"
  echo "| \`runsheet import plan.md --json\` (5 MB) | $(runs "$BIN" import "$WORK/plan.md" --json | stats) |"
  echo "| \`runsheet --version\` (start-up alone) | $(runs "$BIN" --version | stats) |"
fi
echo
tail -n +2 "$WORK/stages.md"
