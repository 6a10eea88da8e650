//! `runsheet notify`: the webhook's URL in the OS keyring (gnome-keyring in a private D-Bus session), a receiver on
//! 127.0.0.1 started by the test, and one that nothing listens on.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use crate::support::{in_keyring_session, Workspace};

/// A receiver answering every POST with 200, keeping each body's text.
fn receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = bodies.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            kept.lock().unwrap().push(String::from_utf8_lossy(&body).into_owned());
            let _ = write!(stream, "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
        }
    });
    (url, bodies)
}

#[test]
fn a_test_message_and_a_failed_step_reach_the_webhook_from_the_keyring() {
    let ws = Workspace::demo();
    let (url, bodies) = receiver();
    let script = format!(
        r#"set +e
R() {{ "$RUNSHEET" --data-dir "$WS" "$@"; }}
echo "== no webhook"; R notify test; echo "exit $?"
printf '%s' '{url}' | R secret set NOTIFY_WEBHOOK
echo "== test"; R notify test; echo "exit $?"
R notify deliver
RUN=$(R run list --json | python3 -c 'import json,sys; print([r["id"] for r in json.load(sys.stdin) if r["state"] == "in_progress"][0])')
STEP=$(R run show "$RUN" --json | python3 -c 'import json,sys; print([s["step_id"] for s in json.load(sys.stdin)["steps"] if s["state"] == "pending"][0])')
echo "RUN=$RUN"
R run step "$RUN" "$STEP" fail --reason "backup volume full" --as "Dana Reyes"
echo "== deliver"; R notify deliver
R notify list --run "$RUN"
"#
    );
    let (code, out, err) = in_keyring_session(ws.dir.path(), &script);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("no webhook configured: store its URL with `runsheet secret set NOTIFY_WEBHOOK`"), "{err}");
    assert!(out.contains("== no webhook\nexit 1"), "{out}");
    assert!(out.contains("test message delivered to the webhook (try 1)\nexit 0"), "{out}");
    assert!(out.contains("== deliver\n1 notification(s) delivered, 0 failed"), "{out}\n{err}");
    assert!(out.contains("webhook  event #"), "{out}");
    let bodies = bodies.lock().unwrap();
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    assert!(bodies[0].contains("Runsheet test notification"));
    let failed: serde_json::Value = serde_json::from_str(&bodies[1]).unwrap();
    let text = failed["text"].as_str().unwrap();
    let run = out.split("RUN=").nth(1).and_then(|s| s.lines().next()).unwrap_or_default();
    assert!(text.contains("failed") && text.contains("“backup volume full”"), "{text}");
    assert!(text.contains(&format!("run {run} ·")), "{text}");
    assert!(!ws.sqlite3("SELECT group_concat(text) FROM notifications").contains(&url), "no URL kept in the workspace");
}
