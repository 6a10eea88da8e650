//! `runsheet check` and `runsheet secret` through the real binary: a real HTTP server on 127.0.0.1, results kept
//! as evidence, exit codes, JSON and JUnit output, config errors with line and column, and secrets in a real OS
//! keyring (Secret Service from gnome-keyring in a private D-Bus session), read back by a second process.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

use crate::support::{in_keyring_session, result, Workspace};

/// A tiny HTTP server on a thread: `/health` answers 200 healthy; `/down` 503; `/secure` 200 only with
/// `Authorization: Bearer s3cr3t-token-value` (else 401). Returns the base URL.
pub(crate) fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                let _ = reader.read_line(&mut request_line);
                let mut authorised = false;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if line.to_ascii_lowercase().starts_with("authorization: bearer s3cr3t-token-value") {
                        authorised = true;
                    }
                }
                let path = request_line.split_whitespace().nth(1).unwrap_or("/");
                let (status, body) = if path.starts_with("/health") {
                    (200, r#"{"status":"healthy","checks":{"database":{"status":"pass"}}}"#)
                } else if path.starts_with("/secure") && authorised {
                    (200, r#"{"status":"healthy"}"#)
                } else if path.starts_with("/secure") {
                    (401, r#"{"error":"unauthorised"}"#)
                } else {
                    (503, r#"{"status":"down"}"#)
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

fn write_checks(dir: &Path, base: &str, extra: &str) -> std::path::PathBuf {
    let path = dir.join("checks.yaml");
    let text = format!(
        "environments:\n  staging:\n    vars: {{ base_url: \"{base}\" }}\nchecks:\n  - name: api-health\n    http: {{ url: \"{{{{ base_url }}}}/health\", timeout: 5s }}\n    conditions: [\"[STATUS] == 200\", \"[BODY].status == healthy\", \"[RESPONSE_TIME] < 5000\"]\n    warn: [\"[RESPONSE_TIME] > 4000\"]\n{extra}"
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn passing_checks_exit_0_print_json_and_are_kept_as_evidence() {
    let ws = Workspace::new();
    let base = server();
    let config = write_checks(ws.dir.path(), &base, "");
    let out = ws.run(&["check", "--config", config.to_str().unwrap(), "--env", "staging", "--json"]);
    let (code, stdout, stderr) = result(&out);
    assert_eq!(code, 0, "{stderr}");
    let results: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let r = &results[0];
    assert_eq!(r["name"], "api-health");
    assert_eq!(r["status"], "pass");
    assert!(r["duration_ms"].is_u64() && r["message"].is_string(), "{r}");
    assert_eq!(ws.sqlite3("SELECT name, status FROM check_results").trim(), "api-health|pass");
    assert_eq!(ws.sqlite3("SELECT COUNT(*) FROM audit_events WHERE action = 'check.result'").trim(), "1");
    assert!(ws.ok(&["audit", "verify"]).contains("intact"));
}

#[test]
fn a_failing_check_exits_1_and_junit_records_it() {
    let ws = Workspace::new();
    let base = server();
    let config = write_checks(
        ws.dir.path(),
        &base,
        "  - name: checkout\n    http: { url: \"{{ base_url }}/down\" }\n    conditions: [\"[STATUS] == 200\"]\n",
    );
    let junit = ws.dir.path().join("junit.xml");
    let out = ws.run(&[
        "check",
        "--config",
        config.to_str().unwrap(),
        "--env",
        "staging",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    let (code, stdout, _) = result(&out);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("PASS") && stdout.contains("FAIL"), "{stdout}");
    assert!(stdout.contains("`[STATUS] == 200` did not hold"), "{stdout}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("<testsuite") && xml.contains("name=\"checkout\"") && xml.contains("<failure"), "{xml}");

    // --only narrows the run to the passing check.
    let out = ws.run(&["check", "--config", config.to_str().unwrap(), "--env", "staging", "--only", "api-health"]);
    assert_eq!(result(&out).0, 0);
}

#[test]
fn config_errors_exit_2_with_file_line_and_column() {
    let ws = Workspace::new();
    let path = ws.dir.path().join("bad.yaml");
    std::fs::write(&path, "checks:\n  - name: a\n    http: { url: \"http://127.0.0.1:9\" }\n    retries: 3\n").unwrap();
    let out = ws.run(&["check", "--config", path.to_str().unwrap(), "--env", "x"]);
    let (code, _, stderr) = result(&out);
    assert_eq!(code, 2);
    assert!(stderr.contains("bad.yaml:") && stderr.contains("retries"), "{stderr}");

    let base = server();
    let config = write_checks(ws.dir.path(), &base, "");
    let out = ws.run(&["check", "--config", config.to_str().unwrap(), "--env", "production"]);
    let (code, _, stderr) = result(&out);
    assert_eq!(code, 2);
    assert!(stderr.contains("no environment named `production`") && stderr.contains("staging"), "{stderr}");
}

#[test]
fn secrets_live_in_the_os_keyring_and_never_in_results_or_the_database() {
    let ws = Workspace::new();
    let base = server();
    let config = write_checks(
        ws.dir.path(),
        &base,
        "  - name: secure\n    http: { url: \"{{ base_url }}/secure\", headers: { Authorization: \"Bearer {{ secret:api_token }}\" } }\n    conditions: [\"[STATUS] == 200\"]\n",
    );
    let script = format!(
        r#"
printf 's3cr3t-token-value' | "$RUNSHEET" --data-dir "$WS" secret set api_token --as tester
echo "lookup=$(secret-tool lookup service dev.runsheet.app username "api_token@$WS")"
"$RUNSHEET" --data-dir "$WS" check --config {config} --env staging --json > "$WS/out.json"
echo "check=$?"
"$RUNSHEET" --data-dir "$WS" secret list
"$RUNSHEET" --data-dir "$WS" secret delete api_token --as tester
set +e
"$RUNSHEET" --data-dir "$WS" check --config {config} --env staging 2> "$WS/err.txt"
echo "after_delete=$?"
"#,
        config = config.display()
    );
    let (code, stdout, stderr) = in_keyring_session(ws.dir.path(), &script);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("lookup=s3cr3t-token-value"), "a second process reads the value back: {stdout}\n{stderr}");
    assert!(stdout.contains("check=0"), "{stdout}\n{stderr}");
    assert!(stdout.contains("api_token"), "secret list shows the name: {stdout}");
    assert!(stdout.contains("after_delete=2"), "{stdout}");
    let err = std::fs::read_to_string(ws.dir.path().join("err.txt")).unwrap();
    assert!(err.contains("secret `api_token` is not in the OS keyring"), "{err}");
    let out = std::fs::read_to_string(ws.dir.path().join("out.json")).unwrap();
    assert!(out.contains("\"secure\"") && !out.contains("s3cr3t-token-value"), "{out}");
    // The database, its WAL and the logs never hold the value.
    for entry in std::fs::read_dir(ws.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.file_name().unwrap() != "out.json" {
            let bytes = std::fs::read(&path).unwrap();
            assert!(!bytes.windows(18).any(|w| w == b"s3cr3t-token-value"), "{} holds the secret", path.display());
        }
    }
    assert!(ws.sqlite3("SELECT payload FROM audit_events WHERE action = 'secret.set'").contains("api_token"));
}

#[test]
fn one_yaml_file_holds_runbooks_environments_and_checks() {
    let ws = Workspace::new();
    ws.ok(&["profile", "set", "--name", "Ada"]);
    let path = ws.dir.path().join("go-live.yaml");
    std::fs::write(
        &path,
        "version: 1\nenvironments:\n  staging:\n    vars:\n      base_url: http://127.0.0.1:9\nrunbooks:\n  - title: Go-live\n    phases:\n      - title: Verify\n        steps:\n          - title: Smoke test\nchecks:\n  - name: api-health\n    http: { url: \"{{ base_url }}/health\", timeout: 1s }\n",
    )
    .unwrap();
    let out = ws.ok(&["runbook", "import", path.to_str().unwrap()]);
    assert!(out.contains("check suite") && out.contains("go-live (1 checks)"), "{out}");
    assert_eq!(ws.sqlite3("SELECT name FROM check_suites").trim(), "go-live");
    // The same file also runs as a checks file.
    let out = ws.run(&["check", "--config", path.to_str().unwrap(), "--env", "staging", "--json"]);
    let (code, stdout, _) = result(&out);
    assert_eq!(code, 1, "port 9 refuses: {stdout}");
    assert!(stdout.contains("connection refused"), "{stdout}");
}
