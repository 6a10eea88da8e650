//! Two processes on one database: one streams step transitions while another adds notes and verifies the trail.

use std::process::Stdio;

use crate::support::{result, Workspace};

#[test]
fn a_second_process_writing_and_reading_meanwhile_corrupts_nothing() {
    let ws = Workspace::new();
    let run = ws.ok(&["debug", "generate", "--steps", "300"]).trim().to_string();
    let steps: Vec<String> =
        ws.json(&["run", "show", &run])["steps"].as_array().unwrap().iter().map(|s| s["step_id"].to_string()).collect();
    let before = ws.json(&["audit", "log", "--limit", "1"])["total"].as_i64().unwrap();

    let writer = ws.command().args(["debug", "transitions", &run]).stdout(Stdio::piped()).spawn().unwrap();
    let mut notes = 0;
    for i in 0..40 {
        ws.ok(&["run", "note", &run, &steps[i * 7], &format!("note {i} from the second process"), "--as", "Second"]);
        notes += 1;
        if i % 10 == 0 {
            let (code, out, err) = result(&ws.run(&["audit", "verify"]));
            assert_eq!(code, 0, "{out} {err}");
        }
    }
    let out = writer.wait_with_output().unwrap();
    assert!(out.status.success(), "writer: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 300);

    let shown = ws.json(&["run", "show", &run]);
    assert!(shown["steps"].as_array().unwrap().iter().all(|s| s["state"] == "done"));
    let total = ws.json(&["audit", "log", "--limit", "1"])["total"].as_i64().unwrap();
    assert_eq!(total - before, 300 + notes);
    let (code, out, _) = result(&ws.run(&["audit", "verify"]));
    assert_eq!(code, 0, "{out}");
    assert_eq!(ws.sqlite3("PRAGMA integrity_check;").trim(), "ok");
}
