#!/usr/bin/env python3
"""Launch time, idle memory (PSS) and tick-to-screen latency of Runsheet beside a bare Tauri app.

Run by bench/app.sh inside Xvfb with tauri-driver on 127.0.0.1:4444. Talks plain W3C WebDriver over HTTP.
Prints a Markdown table for docs/performance.md.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

DRIVER = "http://127.0.0.1:4444"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def call(method, path, body=None, timeout=60):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(DRIVER + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read() or b"null")["value"]


def find(session, css, timeout=20):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return call("POST", f"/session/{session}/element", {"using": "css selector", "value": css})[ELEMENT]
        except (urllib.error.HTTPError, ConnectionError):
            if time.monotonic() > deadline:
                raise RuntimeError(f"no element {css}")
            time.sleep(0.01)


def descendants(pid):
    out = [pid]
    for child in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split():
        out += descendants(int(child))
    return out


def pss_mib(pid):
    total = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def launch(binary, args, ready_css):
    """Seconds from the new-session request to the ready element, the app's PSS after 5 s idle, and the session."""
    t0 = time.monotonic()
    session = call("POST", "/session", {"capabilities": {"alwaysMatch": {"tauri:options": {"application": binary, "args": args}}}})["sessionId"]
    find(session, ready_css)
    elapsed = time.monotonic() - t0
    return elapsed, session


def app_pid(binary):
    pids = subprocess.run(["pgrep", "-f", "-x", f"{binary}.*"], capture_output=True, text=True).stdout.split()
    return int(pids[0])


def measure(binary, args_for, ready_css, runs):
    times, mems = [], []
    for i in range(runs):
        elapsed, session = launch(binary, args_for(i), ready_css)
        times.append(elapsed)
        time.sleep(5)
        mems.append(pss_mib(app_pid(binary)))
        call("DELETE", f"/session/{session}")
        time.sleep(2)
    return statistics.median(times), statistics.median(mems)


TICK_SCRIPT = """
const done = arguments[arguments.length - 1];
const row = document.querySelector('[data-testid^="step-row-"][data-state="in_progress"]')
  || document.querySelector('[data-testid="step-detail"]') && document.querySelector('[data-testid="step-row-' + document.querySelector('[data-testid="step-detail"]').dataset.stepId + '"]');
const t0 = performance.now();
const obs = new MutationObserver(() => {
  if (row.dataset.state === 'done') { obs.disconnect(); done(performance.now() - t0); }
});
obs.observe(row, { attributes: true, attributeFilter: ['data-state'] });
document.querySelector('[data-testid="step-tick"]').click();
"""


def tick_latency(binary, data_dir, samples):
    _, session = launch(binary, ["--data-dir", data_dir], '[data-testid="nav-runs"]')
    try:
        nav = find(session, '[data-testid="nav-runs"]')
        call("POST", f"/session/{session}/element/{nav}/click", {})
        cell = find(session, '[data-testid^="run-row-"] td')
        call("POST", f"/session/{session}/element/{cell}/click", {})
        find(session, '[data-testid="step-tick"]')
        out = []
        for _ in range(samples):
            out.append(call("POST", f"/session/{session}/execute/async", {"script": TICK_SCRIPT, "args": []}))
            time.sleep(0.2)
        return out
    finally:
        call("DELETE", f"/session/{session}")


def main():
    runsheet, cli, bare, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    # A workspace that already holds the demo and a profile: a normal launch, not a first start.
    seeded = tempfile.mkdtemp()
    subprocess.run([cli, "--data-dir", seeded, "demo"], check=True, capture_output=True)
    subprocess.run([cli, "--data-dir", seeded, "profile", "set", "--name", "Bench"], check=True, capture_output=True)
    # Warm up the page cache and WebKit's first-launch work for both.
    measure(bare, lambda i: [], "#ready", 1)
    measure(runsheet, lambda i: ["--data-dir", seeded], '[data-testid="nav-runs"]', 1)
    bare_t, bare_m = measure(bare, lambda i: [], "#ready", runs)
    ours_t, ours_m = measure(runsheet, lambda i: ["--data-dir", seeded], '[data-testid^="runbook-row-"]', runs)
    first_t, _ = measure(runsheet, lambda i: ["--data-dir", tempfile.mkdtemp()], '[data-testid="profile-name"]', runs)
    ticks = sorted(tick_latency(runsheet, seeded, 8))
    p95 = ticks[min(len(ticks) - 1, round(0.95 * (len(ticks) - 1)))]
    print("| What | Runsheet | Bare Tauri app | Ratio / difference | Target |")
    print("| --- | ---: | ---: | ---: | --- |")
    print(f"| Launch to interactive window with the demo workspace (median of {runs}) | {ours_t*1000:.0f} ms | {bare_t*1000:.0f} ms | {ours_t/bare_t:.2f}× | ≤ 1.3× |")
    print(f"| First start (new workspace, demo created, profile form shown) | {first_t*1000:.0f} ms | {bare_t*1000:.0f} ms | {first_t/bare_t:.2f}× | |")
    print(f"| Idle memory, PSS of app + WebKit processes (median of {runs}) | {ours_m:.0f} MiB | {bare_m:.0f} MiB | +{ours_m-bare_m:.0f} MiB | ≤ +40 MiB |")
    print(f"| Tick a step until the window shows it (p50 / p95 of {len(ticks)}) | {statistics.median(ticks):.1f} / {p95:.1f} ms | | | ≤ 20 ms |")


if __name__ == "__main__":
    main()
