#!/usr/bin/env bash
# Reports and audit export at scale, with the release build of the CLI:
#  1. the HTML report of a 2,000-step run, every step ticked (target: written in <= 1 s), beside loading the same
#     run as JSON (`run show --json`), which is the floor any report pays;
#  2. `audit export` of a 100,000-event trail and `audit verify --file` of the export, beside the sqlite3 tool
#     dumping the same rows and `runsheet audit verify` of the workspace.
# Prints a Markdown table for docs/performance.md. BENCH_DIR picks the disk (default /var/tmp). EVENTS=N changes
# the size of the trail (default 100000).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"
cargo build -q --release -p runsheet-cli
BIN="$CARGO_TARGET_DIR/release/runsheet"
EVENTS="${EVENTS:-100000}"
WORK="$(mktemp -d "${BENCH_DIR:-/var/tmp}/runsheet-report-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# Milliseconds of the median of N runs of a command (output discarded).
median_ms() {
  local n="$1"; shift
  local times=()
  for _ in $(seq "$n"); do
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000 ))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=a[int((NR+1)/2)]; printf "%.1f", m/1000}'
}

# 1. The report of a 2,000-step run.
R="$WORK/report"
run=$("$BIN" --data-dir "$R" debug generate --steps 2000)
"$BIN" --data-dir "$R" debug transitions "$run" > /dev/null
"$BIN" --data-dir "$R" run finish "$run" complete --as bench > /dev/null
report_ms=$(median_ms 5 "$BIN" --data-dir "$R" run report "$run" --format html --out "$WORK/report.html")
md_ms=$(median_ms 5 "$BIN" --data-dir "$R" run report "$run" --format md --out "$WORK/report.md")
show_ms=$(median_ms 5 "$BIN" --data-dir "$R" run show "$run" --json)
size_kb=$(( $(stat -c %s "$WORK/report.html") / 1024 ))

# 2. A trail of EVENTS events: one run of EVENTS - 3 steps, every step ticked.
A="$WORK/audit"
run=$("$BIN" --data-dir "$A" debug generate --steps "$(( EVENTS - 3 ))")
"$BIN" --data-dir "$A" debug transitions "$run" > /dev/null
total=$(sqlite3 "$A/runsheet.db" "SELECT COUNT(*) FROM audit_events")
export_ms=$(median_ms 3 "$BIN" --data-dir "$A" audit export --out "$WORK/trail.jsonl")
dump_ms=$(median_ms 3 sqlite3 "$A/runsheet.db" "SELECT json_object('seq', seq, 'at', at, 'actor', actor, 'action', action,
  'subject', subject, 'run_id', run_id, 'payload', json(payload), 'prev_hash', prev_hash, 'hash', hash)
  FROM audit_events ORDER BY seq")
verify_file_ms=$(median_ms 3 "$BIN" audit verify --file "$WORK/trail.jsonl")
verify_db_ms=$(median_ms 3 "$BIN" --data-dir "$A" audit verify)
trail_mb=$(( $(stat -c %s "$WORK/trail.jsonl") / 1048576 ))
rss_kb=$( { /usr/bin/time -f '%M' "$BIN" --data-dir "$A" audit export --out "$WORK/trail2.jsonl"; } 2>&1 | tail -1 )

echo
echo "| What | Runsheet | Baseline | Ratio | Target |"
echo "| --- | ---: | ---: | ---: | --- |"
awk -v a="$report_ms" -v b="$show_ms" -v k="$size_kb" 'BEGIN { printf "| HTML report of a 2,000-step run, written to a file (median of 5; %d KiB) | %.1f ms | %.1f ms (`run show --json`) | %.2f× | ≤ 1 s |\n", k, a, b, a/b }'
awk -v a="$md_ms" -v b="$show_ms" 'BEGIN { printf "| Markdown report of the same run (median of 5) | %.1f ms | %.1f ms (`run show --json`) | %.2f× | |\n", a, b, a/b }'
awk -v a="$export_ms" -v b="$dump_ms" -v n="$total" -v m="$trail_mb" 'BEGIN { printf "| `audit export` of %d events to a file (median of 3; %d MiB) | %.1f ms | %.1f ms (sqlite3 tool, same rows as JSON) | %.2f× | |\n", n, m, a, b, a/b }'
awk -v a="$verify_file_ms" -v b="$verify_db_ms" -v n="$total" 'BEGIN { printf "| `audit verify --file` of that export (median of 3) | %.1f ms | %.1f ms (`audit verify` of the workspace) | %.2f× | |\n", a, b, a/b }'
echo "| Peak memory of \`audit export\` of $total events | $(( rss_kb / 1024 )) MiB | | | flat (streamed) |"
