#!/usr/bin/env bash
# A 2,000-step run in the real window, release build: open to the first painted step, scroll frame times and tick
# to screen, beside a bare baseline measured in the same window (2,000 plain text rows scrolled the same way; a
# tick's floor: the same command sent over IPC from that page and a plain row marked done).
# Runs the end-to-end flow tests/e2e/big_run.rs against the release app and prints a Markdown table for
# docs/performance.md. ROUNDS (default 3) runs of the flow; the table gives their medians.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --test
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"
ROUNDS="${ROUNDS:-3}"
(cd ui && npm run --silent build)
cargo build -q --release -p runsheet-app
cargo build -q -p runsheet-cli
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
for i in $(seq 1 "$ROUNDS"); do
  RUNSHEET_APP_BIN="$CARGO_TARGET_DIR/release/runsheet-app" RUNSHEET_ARTIFACTS="$OUT" \
    ./scripts/e2e.sh big_run --quiet >"$OUT/log-$i.txt" 2>&1 || { cat "$OUT/log-$i.txt" >&2; exit 1; }
  cp "$OUT/big-run.json" "$OUT/round-$i.json"
done
python3 - "$OUT" "$ROUNDS" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
runs = [json.load(open(f"{out}/round-{i}.json")) for i in range(1, rounds + 1)]
med = lambda k, sub=None: statistics.median(r[k] if sub is None else r[k][sub] for r in runs)
print(f"| What (release build, median of {rounds} runs) | Runsheet | Bare baseline, same window | Ratio | Target |")
print("| --- | ---: | ---: | ---: | --- |")
print(f"| Open a 2,000-step run to the first painted step (rows in the page: {runs[0]['rows_in_dom_at_open']}) | {med('open_ms'):.0f} ms | | | ≤ 300 ms |")
print(f"| Scroll it top to bottom, frame time p50 / p95 | {med('scroll_frame_p50_ms'):.0f} / {med('scroll_frame_p95_ms'):.0f} ms | {med('bare_scroll_frame_p50_ms'):.0f} / {med('bare_scroll_frame_p95_ms'):.0f} ms | {med('scroll_frame_p50_ms') / med('bare_scroll_frame_p50_ms'):.2f}× | 60 fps |")
print(f"| Scroll, frames per second | {med('scroll_fps'):.1f} | {med('bare_scroll_fps'):.1f} | | 60 |")
tick = lambda k, q: med(k, f"{q}_ms")
print(f"| Tick a step until the window shows it, p50 / p95 of 12 (bare: `transition_step` over IPC, a plain row marked done) | {tick('tick', 'p50'):.0f} / {tick('tick', 'p95'):.0f} ms | {tick('bare_store_tick', 'p50'):.0f} / {tick('bare_store_tick', 'p95'):.0f} ms | {tick('tick', 'p95') / tick('bare_store_tick', 'p95'):.2f}× | ≤ 20 ms p95 |")
print(f"| … until the row changed in the page, p50 / p95 | {tick('tick', 'shown_p50'):.0f} / {tick('tick', 'shown_p95'):.0f} ms | {tick('bare_store_tick', 'shown_p50'):.0f} / {tick('bare_store_tick', 'shown_p95'):.0f} ms | | |")
print(f"| … until the next frame began, p50 / p95 | {tick('tick', 'frame_p50'):.0f} / {tick('tick', 'frame_p95'):.0f} ms | {tick('bare_store_tick', 'frame_p50'):.0f} / {tick('bare_store_tick', 'frame_p95'):.0f} ms | | |")
print(f"| The window's own floor: `app_info` over IPC (reads nothing), a plain row marked done, p50 / p95 | | {tick('bare_ipc_tick', 'p50'):.0f} / {tick('bare_ipc_tick', 'p95'):.0f} ms | | |")
PY
