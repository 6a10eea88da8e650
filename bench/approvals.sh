#!/usr/bin/env bash
# Approvals at scale (release builds), each figure beside a bare baseline measured in the same run:
# - in-process (`cargo bench -p runsheet-store --bench approvals`): `audit verify` of 100,000 events of which
#   10,000 are signed sign-offs, beside a bare loop verifying the same signatures plus the chain verify without
#   sign-offs; signing a gate; gate status of one gate with 50 requirements over 10,000 stored check results;
# - whole process: `runsheet audit verify` on the same two workspaces, kept by the bench (BENCH_KEEP).
# Prints Markdown for docs/performance.md. BENCH_DIR picks the disk (default /var/tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"
keep=$(mktemp -d "${BENCH_DIR:-/var/tmp}/runsheet-approvals.XXXXXX")
trap 'rm -rf "$keep"' EXIT
cargo build -q --release -p runsheet-cli 2>/dev/null
BENCH_KEEP="$keep" cargo bench -q -p runsheet-store --bench approvals 2>/dev/null
runsheet="$CARGO_TARGET_DIR/release/runsheet"

# The median wall time of 5 runs of `runsheet --data-dir WS audit verify`, in ms.
median_ms() {
  local ws=$1 times=()
  for _ in 1 2 3 4 5; do
    local start end
    start=$(date +%s%N)
    "$runsheet" --data-dir "$ws" audit verify >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 3p | awk '{ printf "%.1f", $1 / 1000 }'
}
signed=$(median_ms "$keep/signed")
plain=$(median_ms "$keep/plain")
echo
echo "| What | Runsheet | Baseline | Ratio |"
echo "| --- | ---: | ---: | ---: |"
ratio=$(awk -v a="$signed" -v b="$plain" 'BEGIN { printf "%.2f", a / b }')
echo "| \`runsheet audit verify\`, whole process, 100,000 events with 10,000 sign-offs (median of 5) | $signed ms | $plain ms (the same without sign-offs) | ${ratio}× |"
