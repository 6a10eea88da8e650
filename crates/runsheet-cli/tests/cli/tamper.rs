//! `audit verify` against a trail altered with the sqlite3 tool, guards dropped first.

use crate::support::{result, Workspace};

const DROP_GUARDS: &str = "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;";

fn verify(ws: &Workspace) -> (i32, String) {
    let (code, out, _) = result(&ws.run(&["audit", "verify"]));
    (code, out)
}

#[test]
fn an_edited_row_is_named() {
    let ws = Workspace::demo();
    ws.sqlite3(&format!("{DROP_GUARDS} UPDATE audit_events SET actor = 'Mallory' WHERE seq = 7;"));
    let (code, out) = verify(&ws);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "audit trail BROKEN: event #7 was altered: its contents do not match its hash (6 events verified before it)"
    );
}

#[test]
fn an_edited_payload_is_named() {
    let ws = Workspace::demo();
    ws.sqlite3(&format!(
        "{DROP_GUARDS} UPDATE audit_events SET payload = replace(payload, 'Support', 'nobody') WHERE action = 'step.skipped';"
    ));
    let seq = ws.sqlite3("SELECT seq FROM audit_events WHERE action = 'step.skipped';");
    let (code, out) = verify(&ws);
    assert_eq!(code, 1);
    assert!(out.contains(&format!("event #{} was altered", seq.trim())), "{out}");
}

#[test]
fn a_deleted_row_is_named() {
    let ws = Workspace::demo();
    ws.sqlite3(&format!("{DROP_GUARDS} DELETE FROM audit_events WHERE seq = 5;"));
    let (code, out) = verify(&ws);
    assert_eq!(code, 1);
    assert!(out.starts_with("audit trail BROKEN: event #5 is missing: found #6"), "{out}");
}

#[test]
fn two_swapped_rows_are_named() {
    let ws = Workspace::demo();
    ws.sqlite3(&format!(
        "{DROP_GUARDS} UPDATE audit_events SET seq = -1 WHERE seq = 8; UPDATE audit_events SET seq = 8 WHERE seq = 9; \
         UPDATE audit_events SET seq = 9 WHERE seq = -1;"
    ));
    let (code, out) = verify(&ws);
    assert_eq!(code, 1);
    assert!(out.starts_with("audit trail BROKEN: event #8 "), "{out}");
}

#[test]
fn removing_the_last_events_is_named() {
    let ws = Workspace::demo();
    let last: i64 = ws.sqlite3("SELECT MAX(seq) FROM audit_events;").trim().parse().unwrap();
    ws.sqlite3(&format!("{DROP_GUARDS} DELETE FROM audit_events WHERE seq >= {};", last - 1));
    let (code, out) = verify(&ws);
    assert_eq!(code, 1);
    assert!(out.contains(&format!("ends at event #{} but event #{last}", last - 2)), "{out}");
}

#[test]
fn json_report_for_pipelines() {
    let ws = Workspace::demo();
    let (code, out, _) = result(&ws.run(&["audit", "verify", "--json"]));
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["intact"], true);
    assert_eq!(report["problem"], serde_json::Value::Null);
    assert_eq!(report["head_hash"].as_str().unwrap().len(), 64);
}

#[test]
fn a_value_of_the_wrong_type_is_named_not_a_crash() {
    let ws = Workspace::demo();
    ws.sqlite3(&format!("{DROP_GUARDS} UPDATE audit_events SET actor = 42, run_id = 'x' WHERE seq = 4;"));
    let (code, out) = verify(&ws);
    assert_eq!(code, 1);
    assert!(out.starts_with("audit trail BROKEN: event #4 was altered"), "{out}");
}
