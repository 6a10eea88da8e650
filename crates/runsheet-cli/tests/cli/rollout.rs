//! Rollouts through the real binary against real HTTP servers on 127.0.0.1: a canary whose green side starts
//! answering 5xx at 50 % fails its analysis within its interval and proposes rollback; the rollback is confirmed by
//! the release name, walked and measured; a server that gives no usable data pauses the bake for a person.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use crate::support::{in_keyring_session, result, Workspace};

/// A green server: `/health` answers 200 until `broken` is set, then 503; `/metrics` answers `{}` (no
/// `error_rate`: no usable data). Returns the base URL.
fn green(broken: Arc<AtomicBool>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let broken = broken.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                let _ = reader.read_line(&mut request_line);
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                }
                let path = request_line.split_whitespace().nth(1).unwrap_or("/");
                let (status, body) = match path {
                    "/metrics" => (200, "{}"),
                    _ if broken.load(Ordering::SeqCst) => (503, r#"{"status":"down"}"#),
                    _ => (200, r#"{"status":"healthy"}"#),
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    base
}

fn workspace_file(base: &str) -> String {
    let rollout = |percent: u32| {
        format!(
            "          - title: Canary at {percent} %\n            kind: rollout\n            rollout: {{ traffic_percent: {percent}, bake: 3s, interval: 1s, analysis: {{ checks: [canary-health] }}, failure_ratio_limit: 0.05 }}\n"
        )
    };
    format!(
        "version: 1\nenvironments:\n  production:\n    vars: {{ green_url: \"{base}\" }}\nrunbooks:\n  - title: Canary test\n    phases:\n      - title: Canary\n        steps:\n{}{}{}{}\n  - title: Watch test\n    phases:\n      - title: Watch\n        steps:\n          - title: Watch error rate\n            kind: wait\n            rollout: {{ bake: 3s, interval: 1s, analysis: {{ checks: [canary-errors] }} }}\nchecks:\n  - name: canary-health\n    http: {{ url: \"{{{{ green_url }}}}/health\", timeout: 2s }}\n    conditions: [\"[STATUS] == 200\"]\n  - name: canary-errors\n    http: {{ url: \"{{{{ green_url }}}}/metrics\", timeout: 2s }}\n    conditions: [\"[BODY].error_rate < 0.05\"]\n",
        rollout(10),
        rollout(25),
        rollout(50),
        rollout(100)
    )
}

/// Imports the file, starts a run of the runbook titled `title`, returns (run id, step ids by title).
fn start(ws: &Workspace, title: &str) -> (String, Vec<(String, String)>) {
    let runbooks = ws.json(&["runbook", "list"]);
    let id = runbooks.as_array().unwrap().iter().find(|r| r["title"] == title).unwrap()["id"].to_string();
    let run = ws.json(&["run", "start", &id, "--release", "v2.0.0", "--env", "production"]);
    let steps = run["snapshot"]["phases"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["title"].as_str().unwrap().to_string(), s["id"].to_string()))
        .collect();
    (run["id"].to_string(), steps)
}

fn step<'a>(steps: &'a [(String, String)], title: &str) -> &'a str {
    &steps.iter().find(|(t, _)| t == title).unwrap().1
}

#[test]
fn a_canary_failing_at_50_percent_proposes_rollback_which_is_walked_and_measured() {
    let ws = Workspace::new();
    ws.ok(&["profile", "set", "--name", "Ada"]);
    let broken = Arc::new(AtomicBool::new(false));
    let base = green(broken.clone());
    let file = ws.dir.path().join("canary.yaml");
    std::fs::write(&file, workspace_file(&base)).unwrap();
    ws.ok(&["runbook", "import", file.to_str().unwrap()]);
    let (run, steps) = start(&ws, "Canary test");

    for percent in [10, 25] {
        let s = step(&steps, &format!("Canary at {percent} %"));
        let started = Instant::now();
        let out = ws.run(&["rollout", "bake", &run, s]);
        let (code, stdout, stderr) = result(&out);
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        assert!(stdout.contains("PASSED"), "{stdout}");
        assert!(started.elapsed().as_secs_f64() >= 3.0, "a bake lasts its whole time");
        let status = ws.json(&["rollout", "status", &run]);
        assert_eq!(status["traffic_percent"], percent);
        assert_eq!(status["proposed_action"], "promote", "{status}");
        ws.ok(&["run", "step", &run, s, "done"]);
    }

    // Green starts answering 503 as the canary reaches 50 %.
    broken.store(true, Ordering::SeqCst);
    let s50 = step(&steps, "Canary at 50 %");
    let started = Instant::now();
    let (code, stdout, stderr) = result(&ws.run(&["rollout", "bake", &run, s50]));
    let took = started.elapsed();
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("FAILED") && stdout.contains("[STATUS] was 503"), "{stdout}");
    assert!(took.as_secs_f64() < 1.0 + 2.0, "failed within its 1 s interval (plus the probe): {took:?}");
    let status = ws.json(&["rollout", "status", &run]);
    for key in ["current_step", "traffic_percent", "bake_remaining_s", "analysis", "proposed_action", "rollback"] {
        assert!(status.get(key).is_some(), "{key} missing: {status}");
    }
    assert_eq!(status["proposed_action"], "rollback");
    assert_eq!(status["traffic_percent"], 50);
    assert_eq!(status["analysis"]["verdict"], "failed");
    assert!(status["rollback"].is_null());
    let samples = ws.sqlite3("SELECT status, value FROM bake_samples ORDER BY id DESC LIMIT 1");
    assert_eq!(samples.trim(), "fail|[STATUS] was 503");
    assert_eq!(ws.sqlite3("SELECT COUNT(*) FROM audit_events WHERE action = 'rollback.proposed'").trim(), "1");

    // The typed confirmation must be the release name.
    let (code, _, stderr) = result(&ws.run(&[
        "run",
        "rollback",
        &run,
        "--level",
        "2",
        "--reason",
        "5xx on green at 50 %",
        "--confirm",
        "v2",
    ]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("typed-confirmation") && stderr.contains("v2.0.0"), "{stderr}");
    let started =
        ws.json(&["run", "rollback", &run, "--level", "2", "--reason", "5xx on green at 50 %", "--confirm", "v2.0.0"]);
    assert_eq!(started["level"], 2);
    assert!(started["cause"].as_str().unwrap().starts_with("analysis failed at 50 %"), "{started}");
    let n = started["steps"].as_array().unwrap().len();
    for number in 1..=n {
        ws.ok(&["rollout", "rollback-step", &run, &number.to_string()]);
    }
    let status = ws.json(&["rollout", "status", &run]);
    let rollback = &status["rollback"];
    assert_eq!(rollback["level"], 2);
    assert_eq!(rollback["reason"], "5xx on green at 50 %");
    assert_eq!(rollback["by"], "Ada");
    assert_eq!(rollback["automatic"], false);
    assert!(rollback["ended_at"].is_string() && rollback["started_at"].is_string(), "{rollback}");
    let ttr = rollback["time_to_recover_s"].as_i64().unwrap();
    assert!((0..60).contains(&ttr), "{ttr}");
    assert_eq!(status["traffic_percent"], 0);
    let shown = ws.json(&["run", "show", &run]);
    assert_eq!(shown["state"], "rolled_back");
    assert!(shown["end_cause"].as_str().unwrap().contains("[STATUS] was 503"), "{shown}");
    // Time to recover is what the audit trail says: from the first failing sample to the rollback's end.
    let finished = ws.sqlite3("SELECT payload FROM audit_events WHERE action = 'rollback.finished'");
    let finished: serde_json::Value = serde_json::from_str(finished.trim()).unwrap();
    assert_eq!(finished["time_to_recover_s"], ttr);

    let report = ws.ok(&["run", "report", &run]);
    assert!(report.contains("### Rollout") && report.contains("### Rollback"), "{report}");
    assert!(report.contains("Level 2: Traffic switch") && report.contains("**FAILED**"), "{report}");
    assert!(report.contains("[STATUS] was 503") && report.contains("Time to recover"), "{report}");
    assert!(ws.ok(&["audit", "verify"]).contains("intact"));
}

#[test]
fn no_usable_data_pauses_the_bake_for_a_person() {
    let ws = Workspace::new();
    ws.ok(&["profile", "set", "--name", "Ada"]);
    let base = green(Arc::new(AtomicBool::new(false)));
    let file = ws.dir.path().join("canary.yaml");
    std::fs::write(&file, workspace_file(&base)).unwrap();
    ws.ok(&["runbook", "import", file.to_str().unwrap()]);
    let (run, steps) = start(&ws, "Watch test");
    let (code, stdout, _) = result(&ws.run(&["rollout", "bake", &run, step(&steps, "Watch error rate")]));
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("PAUSED") && stdout.contains("no usable data"), "{stdout}");
    let status = ws.json(&["rollout", "status", &run]);
    assert_eq!(status["proposed_action"], "person_decides");
    assert_eq!(status["analysis"]["verdict"], "paused");
    // Paused, not failed: nothing proposes rollback, and a person may abort it with a reason.
    assert_eq!(ws.sqlite3("SELECT COUNT(*) FROM audit_events WHERE action = 'rollback.proposed'").trim(), "0");
    ws.ok(&["rollout", "abort", &run, step(&steps, "Watch error rate"), "--reason", "metrics endpoint is down"]);
    assert_eq!(ws.sqlite3("SELECT verdict, decided_by FROM bakes").trim(), "aborted|Ada");
}

/// A load balancer's weights endpoint on 127.0.0.1: records each request (request line, headers, body) and answers
/// 200, or 500 once `failing` is set. Returns the base URL and what it received.
fn weights_endpoint(failing: Arc<AtomicBool>) -> (String, Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                request.push_str(&line);
            }
            let mut body = vec![0u8; length];
            let _ = std::io::Read::read_exact(&mut reader, &mut body);
            request.push_str(&String::from_utf8_lossy(&body));
            log.lock().unwrap().push(request);
            let (status, answer) =
                if failing.load(Ordering::SeqCst) { (500, "weights not applied") } else { (200, "weights applied") };
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    (base, seen)
}

/// A step's action shifts the traffic before its bake: refused unless confirmed, naming what it would do; run with
/// its secret from the keyring, the answer kept as evidence with the secret redacted; a failing action stops the
/// bake from starting; in an environment it does not list it is skipped and recorded, and the bake goes on.
#[test]
fn a_rollout_action_runs_once_confirmed_and_its_answer_is_kept_as_evidence() {
    let ws = Workspace::new();
    ws.ok(&["profile", "set", "--name", "Ada"]);
    let health = green(Arc::new(AtomicBool::new(false)));
    let failing = Arc::new(AtomicBool::new(false));
    let (lb, seen) = weights_endpoint(failing.clone());
    let rollout_step = |percent: u32| {
        format!(
            "          - title: Canary at {percent} %\n            kind: rollout\n            rollout:\n              traffic_percent: {percent}\n              bake: 1s\n              interval: 1s\n              analysis: {{ checks: [canary-health] }}\n              action:\n                webhook: {{ url: \"{lb}/weights\", method: PUT, headers: {{ Authorization: \"Bearer {{{{ secret:lb_token }}}}\" }}, body: '{{\"canary\": {percent}}}' }}\n                allowed_environments: [production]\n"
        )
    };
    let file = ws.dir.path().join("actions.yaml");
    std::fs::write(
        &file,
        format!(
            "version: 1\nenvironments:\n  production:\n    vars: {{ green_url: \"{health}\" }}\n  staging:\n    vars: {{ green_url: \"{health}\" }}\nrunbooks:\n  - title: Canary test\n    phases:\n      - title: Canary\n        steps:\n{}{}{}checks:\n  - name: canary-health\n    http: {{ url: \"{{{{ green_url }}}}/health\", timeout: 2s }}\n    conditions: [\"[STATUS] == 200\"]\n",
            rollout_step(10),
            rollout_step(25),
            rollout_step(50)
        ),
    )
    .unwrap();
    ws.ok(&["runbook", "import", file.to_str().unwrap()]);
    let (run, steps) = start(&ws, "Canary test");
    let (s10, s25) = (step(&steps, "Canary at 10 %"), step(&steps, "Canary at 25 %"));
    let runsheet = env!("CARGO_BIN_EXE_runsheet");
    let data = ws.dir.path().display();
    let script = format!(
        r#"
printf 'lb-s3cr3t-value' | "{runsheet}" --data-dir "{data}" secret set lb_token --as Ada
set +e
"{runsheet}" --data-dir "{data}" rollout bake {run} {s10} > "$WS/unconfirmed.txt" 2>&1
echo "unconfirmed=$?"
"{runsheet}" --data-dir "{data}" rollout bake {run} {s10} --yes > "$WS/confirmed.txt" 2>&1
echo "confirmed=$?"
"{runsheet}" --data-dir "{data}" run step {run} {s10} done > /dev/null
touch "$WS/fail-next"
while [ ! -e "$WS/failing" ]; do sleep 0.1; done
"{runsheet}" --data-dir "{data}" rollout bake {run} {s25} --yes > "$WS/failed.txt" 2>&1
echo "failed=$?"
"#
    );
    let dir = ws.dir.path().to_path_buf();
    let flip = std::thread::spawn(move || {
        while !dir.join("fail-next").exists() {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        failing.store(true, Ordering::SeqCst);
        std::fs::write(dir.join("failing"), "").unwrap();
    });
    let (code, stdout, stderr) = in_keyring_session(ws.dir.path(), &script);
    flip.join().unwrap();
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let read = |name: &str| std::fs::read_to_string(ws.dir.path().join(name)).unwrap();

    // Unconfirmed: refused before anything runs, naming the action.
    assert!(stdout.contains("unconfirmed=1"), "{stdout}");
    let unconfirmed = read("unconfirmed.txt");
    assert!(unconfirmed.contains(&format!("PUT {lb}/weights")) && unconfirmed.contains("--yes"), "{unconfirmed}");

    // Confirmed: the PUT carried the body and the secret; the evidence has the answer and not the secret.
    assert!(stdout.contains("confirmed=0"), "{stdout}\n{}", read("confirmed.txt"));
    assert!(
        read("confirmed.txt").contains(&format!("Action: PUT {lb}/weights answered 200")),
        "{}",
        read("confirmed.txt")
    );
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 2, "one call per confirmed bake: {requests:?}");
    assert!(requests[0].starts_with("PUT /weights"), "{}", requests[0]);
    assert!(requests[0].to_ascii_lowercase().contains("authorization: bearer lb-s3cr3t-value"), "{}", requests[0]);
    assert!(requests[0].ends_with("{\"canary\": 10}"), "{}", requests[0]);
    let ran = ws.sqlite3("SELECT payload FROM audit_events WHERE action = 'rollout.action_ran'");
    let ran: serde_json::Value = serde_json::from_str(ran.trim()).unwrap();
    assert_eq!(ran["outcome"]["status"], 200);
    assert_eq!(ran["outcome"]["output"], "weights applied");
    assert_eq!(ran["step"], "Canary at 10 %");

    // A failing action: the bake does not start, and the failure is evidence too.
    assert!(stdout.contains("failed=1"), "{stdout}");
    let failed = read("failed.txt");
    assert!(failed.contains("the action of step “Canary at 25 %” failed") && failed.contains("500"), "{failed}");
    assert_eq!(ws.sqlite3(&format!("SELECT COUNT(*) FROM bakes WHERE step_id = {s25}")).trim(), "0");
    let refused = ws.sqlite3("SELECT payload FROM audit_events WHERE action = 'rollout.action_failed'");
    assert!(refused.contains("weights not applied"), "{refused}");

    // Nothing anywhere holds the secret: the database, its WAL, the outputs.
    for entry in std::fs::read_dir(ws.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            assert!(!bytes.windows(15).any(|w| w == b"lb-s3cr3t-value"), "{} holds the secret", path.display());
        }
    }

    // In staging, which the action does not list: skipped and recorded, the bake runs (nothing to confirm).
    let id = ws.json(&["runbook", "list"]).as_array().unwrap().iter().find(|r| r["title"] == "Canary test").unwrap()
        ["id"]
        .to_string();
    let staging = ws.json(&["run", "start", &id, "--release", "v2.0.0-rc1", "--env", "staging"]);
    let staging_step = staging["snapshot"]["phases"][0]["steps"][0]["id"].to_string();
    let out = ws.ok(&["rollout", "bake", &staging["id"].to_string(), &staging_step]);
    assert!(out.contains("not allowed in staging; shift the traffic by hand"), "{out}");
    assert_eq!(seen.lock().unwrap().len(), 2, "no call from staging");
    assert_eq!(ws.sqlite3("SELECT COUNT(*) FROM audit_events WHERE action = 'rollout.action_skipped'").trim(), "1");
}
