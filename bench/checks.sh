#!/usr/bin/env bash
# Benchmark of the check engine (issue 3): N HTTP checks with JSON conditions against a fast local server
# (Debian's nginx on 127.0.0.1), in one run:
#   - Runsheet: the whole `runsheet check --json` command (start, config, store, checks, evidence, JSON out);
#   - the seeds' way: a sequential `curl | jq` loop (timed on a sample, reported per check and extrapolated);
#   - a bare tokio + reqwest loop at the same concurrency (crates/runsheet-checks/examples/bare_http_loop.rs);
#   - the same loop storing the same rows as evidence: result rows and hash-chained audit events, in a workspace
#     database with the store's settings (crates/runsheet-store/examples/bare_stored_loop.rs);
#   - `hurl --test --parallel --jobs CONCURRENCY` on the same checks in CONCURRENCY files (if hurl is installed:
#     `apt-get install libcurl4-openssl-dev libclang-dev && cargo install hurl --version 8.0.1 --locked`; later
#     versions need a newer Rust than 1.95);
#   - a hung server: what one check with a 2 s timeout costs.
# Both bare loops allocate with jemalloc, as the CLI does, so that the ratios compare the work, not the allocators.
# Usage: bench/checks.sh [COUNT=10000] [CONCURRENCY=16] [CURL_SAMPLE=300]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
concurrency="${2:-16}"
sample="${3:-300}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/runsheet-target}"

command -v nginx >/dev/null || { echo "bench/checks.sh needs nginx (apt-get install nginx-light)" >&2; exit 2; }
cargo build -q --release -p runsheet-cli
cargo build -q --release -p runsheet-checks --example bare_http_loop
cargo build -q --release -p runsheet-store --example bare_stored_loop
runsheet="$CARGO_TARGET_DIR/release/runsheet"
bare="$CARGO_TARGET_DIR/release/examples/bare_http_loop"
bare_stored="$CARGO_TARGET_DIR/release/examples/bare_stored_loop"

work="$(mktemp -d)"
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "${hang_pid:-}" ] && kill "$hang_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
body='{"status":"healthy","checks":{"database":{"status":"pass"}},"version":"2.4.1"}'
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    location /api/health { default_type application/json; return 200 '$body'; }
  }
}
CONF
nginx -p "$work" -c "$work/nginx.conf"
url="http://127.0.0.1:$port/api/health"
for _ in $(seq 50); do curl -sf "$url" >/dev/null && break; sleep 0.1; done

# The checks file: N checks, each with the seeds' JSON conditions.
{
  echo "environments:"
  echo "  bench:"
  echo "    vars: { base_url: \"http://127.0.0.1:$port\" }"
  echo "checks:"
  for i in $(seq 1 "$count"); do
    echo "  - name: health-$i"
    echo "    http: { url: \"{{ base_url }}/api/health?i=$i\", timeout: 5s }"
    echo "    conditions: [\"[STATUS] == 200\", \"[BODY].status == healthy\", \"[BODY].checks.database.status == pass\"]"
  done
} > "$work/checks.yaml"

now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.3f}')"; }

echo "== $count HTTP checks with JSON conditions, concurrency $concurrency, nginx on 127.0.0.1 =="

t0=$(now)
"$runsheet" --data-dir "$work/ws" check --config "$work/checks.yaml" --env bench --concurrency "$concurrency" --json > "$work/out.json"
t1=$(now)
passed=$(python3 -c "import json; r=json.load(open('$work/out.json')); print(sum(1 for x in r if x['status']=='pass'))")
runsheet_s=$(secs "$t0" "$t1")
echo "runsheet check (whole command, results stored):  ${runsheet_s} s  ($passed/$count passed)"
stored=$(sqlite3 "$work/ws/runsheet.db" "SELECT COUNT(*) FROM check_results" 2>/dev/null || echo "?")
echo "  results stored as evidence: $stored"

bare_out="$("$bare" "$url" "$count" "$concurrency")"
bare_s=$(echo "$bare_out" | awk '{print $4}')
echo "bare tokio + reqwest loop:                          ${bare_s} s  ($bare_out)"

mkdir -p "$work/bare-ws"
t0=$(now)
bare_stored_out="$("$bare_stored" "$url" "$count" "$concurrency" "$work/bare-ws")"
t1=$(now)
bare_stored_s=$(secs "$t0" "$t1")
# The same rows, so the same chain: the CLI verifies what the bare loop wrote.
"$runsheet" --data-dir "$work/bare-ws" audit verify >/dev/null
echo "the same loop, storing the same rows (whole process): ${bare_stored_s} s  ($bare_stored_out; audit chain verifies)"

t0=$(now)
for i in $(seq 1 "$sample"); do
  curl -sf "$url?i=$i" | jq -e '.status == "healthy" and .checks.database.status == "pass"' >/dev/null
done
t1=$(now)
curl_sample_s=$(secs "$t0" "$t1")
per_check_ms=$(python3 -c "print(f'{$curl_sample_s * 1000 / $sample:.2f}')")
curl_total_s=$(python3 -c "print(f'{$curl_sample_s * $count / $sample:.1f}')")
echo "sequential curl | jq loop:                          ${per_check_ms} ms per check -> ${curl_total_s} s for $count (timed on $sample)"

hurl_s="-"
if command -v hurl >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/hurl" ]; then
  hurl_bin="$(command -v hurl || echo "$HOME/.cargo/bin/hurl")"
  # hurl's fair set-up: as many files as jobs, each a sequence of entries, so each job runs one file of count/jobs
  # checks over its own connection (hurl's --parallel runs files in parallel, the entries of a file in order).
  # One file per check would mostly measure hurl opening 10,000 files.
  mkdir -p "$work/hurl"
  for i in $(seq 1 "$count"); do
    printf 'GET %s?i=%s\nHTTP 200\n[Asserts]\njsonpath "$.status" == "healthy"\njsonpath "$.checks.database.status" == "pass"\n\n' \
      "$url" "$i" >> "$work/hurl/c$(( (i - 1) % concurrency )).hurl"
  done
  t0=$(now)
  (cd "$work/hurl" && "$hurl_bin" --test --parallel --jobs "$concurrency" ./*.hurl >/dev/null 2>&1)
  t1=$(now)
  hurl_s=$(secs "$t0" "$t1")
  echo "hurl --test --parallel --jobs $concurrency ($concurrency files):     ${hurl_s} s"
else
  echo "hurl: not installed (cargo install hurl --version 8.0.1 --locked), skipped"
fi

# A hung server: accepts and never answers. One check with a 2 s timeout.
python3 - "$work/hang.port" <<'PY' &
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
PY
hang_pid=$!
for _ in $(seq 50); do [ -s "$work/hang.port" ] && break; sleep 0.1; done
hang_port="$(cat "$work/hang.port")"
cat > "$work/hang.yaml" <<YAML
environments:
  bench:
    vars: { base_url: "http://127.0.0.1:$hang_port" }
checks:
  - name: hung
    http: { url: "{{ base_url }}/", timeout: 2s }
YAML
t0=$(now)
"$runsheet" --data-dir "$work/ws2" check --config "$work/hang.yaml" --env bench --json > "$work/hang.json" || true
t1=$(now)
hang_s=$(secs "$t0" "$t1")
echo "hung server, timeout 2 s:                           ${hang_s} s  ($(python3 -c "import json; print(json.load(open('$work/hang.json'))[0]['message'])"))"

python3 - "$runsheet_s" "$bare_s" "$curl_total_s" "$hurl_s" "$hang_s" "$bare_stored_s" <<'PY'
import sys
r, bare, curl, hurl, hang, stored = sys.argv[1:]
r, bare, curl, hang, stored = float(r), float(bare), float(curl), float(hang), float(stored)
print(f"ratios: vs curl loop {curl / r:.0f}x faster (goal >= 100x); vs bare loop {r / bare:.2f}x (goal <= 1.3x)", end="")
print(f"; vs bare loop storing the same rows {r / stored:.2f}x", end="")
if hurl != "-":
    print(f"; vs hurl {float(hurl) / r:.2f}x faster (goal > 1x)", end="")
print(f"; hung check {hang:.2f} s = timeout + {(hang - 2) / 2 * 100:.1f} % (goal <= 5 %)")
PY
