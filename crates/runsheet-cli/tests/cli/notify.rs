//! `runsheet notify`: the webhook's URL in the OS keyring (gnome-keyring in a private D-Bus session), a receiver on
//! 127.0.0.1 started by the test, and one that nothing listens on.

use runsheet_testkit::webhook::Receiver;

use crate::support::{in_keyring_session, Workspace};

#[test]
fn a_test_message_and_a_failed_step_reach_the_webhook_from_the_keyring() {
    let ws = Workspace::demo();
    let receiver = Receiver::start(200);
    let url = receiver.url.clone();
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
    let bodies = receiver.bodies();
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    assert!(bodies[0].contains("Runsheet test notification"));
    let failed: serde_json::Value = serde_json::from_str(&bodies[1]).unwrap();
    let text = failed["text"].as_str().unwrap();
    let run = out.split("RUN=").nth(1).and_then(|s| s.lines().next()).unwrap_or_default();
    assert!(text.contains("failed") && text.contains("“backup volume full”"), "{text}");
    assert!(text.contains(&format!("run {run} ·")), "{text}");
    assert!(!ws.sqlite3("SELECT group_concat(text) FROM notifications").contains(&url), "no URL kept in the workspace");
}
