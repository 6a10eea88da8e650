#!/usr/bin/env python3
"""Launch time, idle memory (PSS) and tick-to-screen latency of Runsheet beside a bare Tauri app.

Run by bench/app.sh inside Xvfb with tauri-driver on 127.0.0.1:$BENCH_PORT (default 4444). Talks plain W3C
WebDriver over HTTP. Prints a Markdown table for docs/performance.md.
"""
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

DRIVER = f"http://127.0.0.1:{os.environ.get('BENCH_PORT', '4444')}"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def call(method, path, body=None, timeout=60):
    data = json.dumps(body).encode() if body is not None else None
    for attempt in (1, 2):
        req = urllib.request.Request(DRIVER + path, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.loads(resp.read() or b"null")["value"]
        except http.client.RemoteDisconnected:
            # tauri-driver closes the connection without an answer when its own connection to WebKitWebDriver drops
            # ("client error (SendRequest)" in its log; seen in about 1 run in 4, the session still alive): once, try
            # again. A retried tick ticks the next step; tick_latency checks each reported step in the store.
            if attempt == 2:
                raise
            time.sleep(0.1)


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
    """Seconds from the new-session request to the ready element, the session, and the wall-clock start (epoch s)."""
    wall, t0 = time.time(), time.monotonic()
    session = call("POST", "/session", {"capabilities": {"alwaysMatch": {"tauri:options": {"application": binary, "args": args}}}})["sessionId"]
    find(session, ready_css)
    elapsed = time.monotonic() - t0
    return elapsed, session, wall


# Where the launch went, in ms from the new-session request: when the page started loading (its time origin), its
# DOMContentLoaded, and the page's own launch marks (ui/src/lib/launchMarks.ts), if it has them.
STAGES_SCRIPT = """
const nav = performance.getEntriesByType('navigation')[0];
const marks = {};
for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('runsheet:')) marks[m.name.slice(9)] = m.startTime;
return { origin: performance.timeOrigin, dcl: nav ? nav.domContentLoadedEventEnd : null, marks };
"""


def stages(session, wall):
    got = call("POST", f"/session/{session}/execute/sync", {"script": STAGES_SCRIPT, "args": []})
    origin = got["origin"] - wall * 1000
    out = {"page": origin}
    if got["dcl"]:
        out["dcl"] = origin + got["dcl"]
    for name, at in got["marks"].items():
        out[name] = origin + at
    return out


def app_pid(binary):
    pids = subprocess.run(["pgrep", "-f", "-x", f"{binary}.*"], capture_output=True, text=True).stdout.split()
    return int(pids[0])


def measure(binary, args_for, ready_css, runs):
    """Median launch time (s), median PSS (MiB) and the median of each launch stage (ms) over `runs` launches."""
    times, mems, seen = [], [], []
    for i in range(runs):
        elapsed, session, wall = launch(binary, args_for(i), ready_css)
        times.append(elapsed)
        time.sleep(5)
        mems.append(pss_mib(app_pid(binary)))
        # Read after the idle time: a script run while the page is still starting has crashed WebKitWebDriver.
        seen.append(stages(session, wall))
        call("DELETE", f"/session/{session}")
        time.sleep(2)
    keys = [k for k in seen[0] if all(k in s for s in seen)]
    return statistics.median(times), statistics.median(mems), {k: statistics.median(s[k] for s in seen) for k in keys}


# Clicks Tick off on the step in progress (or the selected one) and resolves, in ms, at the frame after the window
# shows it (and, as `dom`, when the page changed, before that frame): its row reads done, or its row has left the page because ticking the last step of a phase folds that
# phase away (the selection moves on to the next phase). Watching the row alone missed the fold: the row was
# unmounted, no attribute ever changed, and the script timed out (WebDriver error 500, "script timeout").
TICK_SCRIPT = """
const done = arguments[arguments.length - 1];
const detail = document.querySelector('[data-testid="step-detail"]');
const row = document.querySelector('[data-testid^="step-row-"][data-state="in_progress"]')
  || (detail && document.querySelector('[data-testid="step-row-' + detail.dataset.stepId + '"]'));
const list = document.querySelector('[data-testid="run-steps"]');
const button = document.querySelector('[data-testid="step-tick"]');
if (!row || !list || !button || button.disabled) {
  done({ error: 'nothing to tick: row ' + !!row + ', list ' + !!list + ', button ' + (button ? !button.disabled : false) });
} else {
  const id = row.dataset.testid.slice('step-row-'.length);
  const t0 = performance.now();
  // The row as the page has it now (null once its phase has folded away).
  const shown = () => {
    const now = document.querySelector('[data-testid="step-row-' + id + '"]');
    return now === null || now.dataset.state === 'done';
  };
  const obs = new MutationObserver(() => {
    if (!shown()) return;
    obs.disconnect();
    const dom = performance.now() - t0;
    requestAnimationFrame(() => setTimeout(() => done({ ms: performance.now() - t0, dom, step: id }), 0));
  });
  obs.observe(list, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  button.click();
}
"""


# The run ticked: 3 phases of 4 plain tasks, so the 9 ticks meet no gate (the demo run reaches its go/no-go gate after
# 4 ticks, and a gate is not ticked off) and two of them end a phase.
TICK_RUNBOOK = "version: 1\nenvironments:\n  bench: {}\nrunbooks:\n- title: Bench ticks\n  phases:\n" + "".join(
    f"  - title: Phase {p}\n    steps:\n"
    + "".join(f"    - {{ title: Step {p}.{s}, owner_role: Ops, duration_min: 5, instructions: Do step {p}.{s} }}\n" for s in range(1, 5))
    for p in range(1, 4)
)


def tick_workspace(cli):
    """A workspace with a profile and a started run of TICK_RUNBOOK; its directory and the run's id."""
    data = tempfile.mkdtemp()
    plan = os.path.join(data, "ticks.yaml")
    with open(plan, "w") as f:
        f.write(TICK_RUNBOOK)
    run = lambda *args: subprocess.run([cli, "--data-dir", data, *args], check=True, capture_output=True, text=True).stdout
    run("profile", "set", "--name", "Bench")
    run("runbook", "import", plan)
    runbook = next(r["id"] for r in json.loads(run("runbook", "list", "--json")) if r["title"] == "Bench ticks")
    started = json.loads(run("run", "start", str(runbook), "--release", "v1", "--env", "bench", "--json"))
    return data, started["id"]


def tick_latency(binary, cli, samples):
    """One tick as soon as the run view shows its Tick button, then, after a second (as a person would pause),
    `samples` ticks one after another: (painted, page changed) in ms for the first, and a list of them for the rest.
    Every ticked step is checked in the store."""
    data_dir, run_id = tick_workspace(cli)
    _, session, _ = launch(binary, ["--data-dir", data_dir], '[data-testid="nav-runs"]')
    try:
        # A tick that never shows fails in 5 s with the script's error, not after WebDriver's 30 s.
        call("POST", f"/session/{session}/timeouts", {"script": 5000})
        nav = find(session, '[data-testid="nav-runs"]')
        call("POST", f"/session/{session}/element/{nav}/click", {})
        cell = find(session, f'[data-testid="run-row-{run_id}"] td')
        call("POST", f"/session/{session}/element/{cell}/click", {})
        find(session, '[data-testid="step-tick"]')
        out, ticked = [], []
        for i in range(samples + 1):
            try:
                got = call("POST", f"/session/{session}/execute/async", {"script": TICK_SCRIPT, "args": []})
            except urllib.error.HTTPError as e:
                raise RuntimeError(f"tick {i + 1}: WebDriver {e.code} {e.read().decode(errors='replace')[:300]}") from e
            if "error" in got:
                raise RuntimeError(f"tick {i + 1}: {got['error']}")
            out.append((got["ms"], got["dom"]))
            ticked.append(int(got["step"]))
            # The run view is still loading its panels when the first tick is clicked; the others meet it settled.
            time.sleep(1.0 if i == 0 else 0.2)
    finally:
        call("DELETE", f"/session/{session}")
    shown = json.loads(subprocess.run([cli, "--data-dir", data_dir, "run", "show", str(run_id), "--json"], check=True, capture_output=True, text=True).stdout)
    states = {s["step_id"]: s["state"] for s in shown["steps"]}
    not_done = [i for i in ticked if states.get(i) != "done"]
    if len(set(ticked)) != samples + 1 or not_done:
        raise RuntimeError(f"ticked steps {ticked}, of which {not_done} are not done in the store")
    return out[0], out[1:]


# The tick's floor, in the bare app's window: twelve plain text rows and a Tick off button, put in its page, ticked
# by TICK_SCRIPT exactly as Runsheet's run view is. With `ipc`, each press first sends the bare app's `tick`
# command, which only returns its argument, and marks the row done when it answers; without, it marks the row at
# once. What is left between these and Runsheet's tick is the store's write and the run view's render.
BARE_TICK_PAGE = """
const ipc = arguments[0];
const list = document.createElement('div');
list.dataset.testid = 'run-steps';
for (let i = 1; i <= 12; i++) {
  const row = document.createElement('div');
  row.dataset.testid = 'step-row-' + i;
  row.dataset.state = i === 1 ? 'in_progress' : 'pending';
  row.textContent = 'Step ' + i + ': ' + row.dataset.state;
  list.append(row);
}
const button = document.createElement('button');
button.dataset.testid = 'step-tick';
button.textContent = 'Tick off';
button.onclick = () => {
  const row = list.querySelector('[data-state="in_progress"]');
  const step = Number(row.dataset.testid.slice('step-row-'.length));
  const answered = ipc ? window.__TAURI_INTERNALS__.invoke('tick', { step }) : Promise.resolve(step);
  answered.then((n) => {
    row.dataset.state = 'done';
    row.textContent = 'Step ' + n + ': done';
    if (row.nextElementSibling) row.nextElementSibling.dataset.state = 'in_progress';
  });
};
document.body.append(button, list);
"""


def bare_tick_latency(bare, samples, ipc):
    """`samples` ticks of BARE_TICK_PAGE in the bare app, after one that is not counted, paced as tick_latency's."""
    _, session, _ = launch(bare, [], "#ready")
    try:
        call("POST", f"/session/{session}/timeouts", {"script": 5000})
        call("POST", f"/session/{session}/execute/sync", {"script": BARE_TICK_PAGE, "args": [ipc]})
        out = []
        for i in range(samples + 1):
            got = call("POST", f"/session/{session}/execute/async", {"script": TICK_SCRIPT, "args": []})
            if "error" in got:
                raise RuntimeError(f"bare tick {i + 1}: {got['error']}")
            if got["step"] != str(i + 1):
                raise RuntimeError(f"bare tick {i + 1} ticked row {got['step']}")
            out.append((got["ms"], got["dom"]))
            time.sleep(1.0 if i == 0 else 0.2)
    finally:
        call("DELETE", f"/session/{session}")
    return out[1:]


def main():
    runsheet, cli, bare, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    # A workspace that already holds the demo and a profile: a normal launch, not a first start.
    seeded = tempfile.mkdtemp()
    subprocess.run([cli, "--data-dir", seeded, "demo"], check=True, capture_output=True)
    subprocess.run([cli, "--data-dir", seeded, "profile", "set", "--name", "Bench"], check=True, capture_output=True)
    # Warm up the page cache and WebKit's first-launch work for both.
    measure(bare, lambda i: [], "#ready", 1)
    measure(runsheet, lambda i: ["--data-dir", seeded], '[data-testid="nav-runs"]', 1)
    bare_t, bare_m, bare_s = measure(bare, lambda i: [], "#ready", runs)
    ours_t, ours_m, ours_s = measure(runsheet, lambda i: ["--data-dir", seeded], '[data-testid^="runbook-row-"]', runs)
    first_t, _, _ = measure(runsheet, lambda i: ["--data-dir", tempfile.mkdtemp()], '[data-testid="profile-name"]', runs)
    try:
        at_open, ticks = tick_latency(runsheet, cli, 8)
    except Exception as e:  # the launch and memory figures are still worth printing
        print(f"tick measurement failed: {e}", file=sys.stderr)
        at_open, ticks = (float("nan"), float("nan")), [(float("nan"), float("nan"))]
    floors = {}
    for ipc in (False, True):
        try:
            floors[ipc] = bare_tick_latency(bare, 8, ipc)
        except Exception as e:
            print(f"bare tick measurement failed: {e}", file=sys.stderr)
            floors[ipc] = [(float("nan"), float("nan"))]
    painted, changed = sorted(t[0] for t in ticks), sorted(t[1] for t in ticks)
    p95 = lambda xs: xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]
    spread = lambda xs: f"{statistics.median(xs):.1f} / {p95(sorted(xs)):.1f} ms"
    print("| What | Runsheet | Bare Tauri app | Ratio / difference | Target |")
    print("| --- | ---: | ---: | ---: | --- |")
    print(f"| Launch until the runbook list is shown (median of {runs}) | {ours_t*1000:.0f} ms | {bare_t*1000:.0f} ms | {ours_t/bare_t:.2f}× | ≤ 1.3× |")
    if "painted" in ours_s and "painted" in bare_s:
        ours_p, bare_p = ours_s["painted"], bare_s["painted"]
        print(f"| the same, until the frame showing it is drawn (medians, from the stages below) | {ours_p:.0f} ms | {bare_p:.0f} ms | {ours_p/bare_p:.2f}× | |")
    print(f"| First start (new workspace, demo created, profile form shown) | {first_t*1000:.0f} ms | {bare_t*1000:.0f} ms | {first_t/bare_t:.2f}× | |")
    print(f"| Idle memory, PSS of app + WebKit processes (median of {runs}) | {ours_m:.0f} MiB | {bare_m:.0f} MiB | +{ours_m-bare_m:.0f} MiB | ≤ +40 MiB |")
    floor = sorted(t[0] for t in floors[True])
    print(f"| Tick a step until the window shows it, painted (p50 / p95 of {len(painted)}, the run view open for 1 s; the bare app: a command that only returns, then a plain row marked done) | {spread(painted)} | {spread(floor)} | p95 +{p95(painted) - p95(floor):.1f} ms | ≤ 20 ms p95 |")
    print(f"| the same, until the page has changed, before that frame (p50 / p95) | {spread(changed)} | {spread([t[1] for t in floors[True]])} | | |")
    print(f"| the bare app with no command, the row marked done at once: painted (p50 / p95) | | {spread([t[0] for t in floors[False]])} | | |")
    print(f"| the first tick, clicked as soon as the run view shows: painted / page changed | {at_open[0]:.1f} / {at_open[1]:.1f} ms | | | |")
    print()
    print(f"Where the launch goes, ms from the new-session request (medians of {runs}):")
    print()
    print("| Stage | Runsheet | Bare Tauri app |")
    print("| --- | ---: | ---: |")
    label = {"page": "the page starts loading (its time origin)", "dcl": "DOMContentLoaded", "main": "main bundle has run",
             "profile": "profile read", "runbooks": "runbook list rendered",
             "painted": "the frame showing it drawn (the bare app: its first frame)"}
    for k, text in label.items():
        if k in ours_s or k in bare_s:
            cell = lambda d: f"{d[k]:.0f}" if k in d else ""
            print(f"| {text} | {cell(ours_s)} | {cell(bare_s)} |")
    print(f"| the ready element found over WebDriver | {ours_t*1000:.0f} | {bare_t*1000:.0f} |")

if __name__ == "__main__":
    main()
