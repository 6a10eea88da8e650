#!/usr/bin/env bash
# Hostile YAML (issue 8): how long the release CLI takes to refuse a deeply nested or huge file, with
# `runsheet runbook import FILE` and `runsheet check --config FILE --env x`. Files: 10k/30k/100k levels of nested
# flow sequences (`runbooks: [[[…]]]`) and flow mappings (`runbooks: {a: {a: …}}`), a 10 MB file of one line, a
# 10 MB file of text lines, files under the size and depth limits with a value every few bytes (8 MiB of brackets
# nested 64 deep, of `[],`, of `- a` lines), and the most values a file may hold, flat and 64 deep. Each figure is
# the median of RUNS runs (default 3); every run must exit 2 (refused). BIN picks another binary (e.g. an older
# build, to compare). Prints Markdown for docs/performance.md; target: ≤ 0.5 s for any input up to 10 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"
RUNS="${RUNS:-3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
if [ -z "${BIN:-}" ]; then
  cargo build -q --release -p runsheet-cli
  BIN="$CARGO_TARGET_DIR/release/runsheet"
fi

python3 - "$WORK" <<'PY'
import sys
work = sys.argv[1]
def write(name, text):
    with open(f"{work}/{name}", "w") as f:
        f.write(text)
# Under `runbooks:`, which both readers descend into (the workspace reader as runbooks, the checks reader as any
# value), as a broken generated file would have it.
for n in (10_000, 30_000, 100_000):
    write(f"seq-{n // 1000}k.yaml", "version: 1\nrunbooks: " + "[" * n + "]" * n + "\n")
    write(f"map-{n // 1000}k.yaml", "version: 1\nrunbooks: " + "{a: " * n + "1" + "}" * n + "\n")
size = 10 * 1024 * 1024
write("line-10mb.yaml", "x" * size)
write("text-10mb.yaml", ("lorem ipsum dolor sit amet\n" * (size // 27 + 1))[:size])
# The worst a file under both limits can do: just under 8 MiB of brackets nested 64 deep, the most tokens and the
# deepest stack libyaml is given.
unit = "[" * 62 + "]" * 62 + ","
head = "version: 1\nrunbooks: ["
write("deep64-8mb.yaml", head + unit * ((8 * 1024 * 1024 - len(head) - 2) // len(unit)) + "]\n")
# Under the size and depth limits, a value every few bytes: what the values limit (500,000) refuses.
under = 8 * 1024 * 1024 - 100
write("empty-seqs-8mb.yaml", head + "[]," * (under // 3) + "[]]\n")
write("items-8mb.yaml", "version: 1\nrunbooks:\n" + "- a\n" * (under // 4))
# The most a file may hold and still be parsed: 499,995 values, flat and nested 64 deep.
write("max-values-flat.yaml", head + ",".join(["a"] * 499_995) + "]\n")
unit = "[" * 62 + "]" * 62 + ","
write("max-values-deep64.yaml", head + unit * (499_995 // 62) + "[" * (499_995 % 62) + "]" * (499_995 % 62) + "]\n")
PY
"$BIN" --data-dir "$WORK/ws" demo > /dev/null

# Seconds of the median run; fails unless every run exits 2.
median() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local s e code=0
    s=$(date +%s%N)
    "$@" > /dev/null 2> "$WORK/err" || code=$?
    e=$(date +%s%N)
    if [ "$code" != 2 ]; then echo "expected exit 2, got $code: $* ($(head -c 300 "$WORK/err"))" >&2; exit 1; fi
    times+=("$(( (e - s) / 1000000 ))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f s", a[int((NR+1)/2)]/1000}'
}

echo "| File (release CLI, median of $RUNS) | Size | \`runbook import\` | \`check --config\` | Message |"
echo "| --- | ---: | ---: | ---: | --- |"
for f in seq-10k seq-30k seq-100k map-10k map-30k map-100k line-10mb text-10mb deep64-8mb empty-seqs-8mb items-8mb \
  max-values-flat max-values-deep64; do
  file="$WORK/$f.yaml"
  import=$(median "$BIN" --data-dir "$WORK/ws" runbook import "$file")
  check=$(median "$BIN" --data-dir "$WORK/ws" check --config "$file" --env x)
  message=$(sed "s|$WORK/||" "$WORK/err" | head -1 | cut -c1-110)
  echo "| $f | $(du -h "$file" | cut -f1) | $import | $check | \`$message\` |"
done
