//! `runbook export/import`, `export --all`, `audit export` and `audit verify --file` through the real binary.

use std::path::Path;

use crate::support::{result, Workspace};

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn export_import_export_is_byte_identical() {
    let ws = Workspace::demo();
    let file = ws.dir.path().join("workspace.yaml");
    ws.ok(&["export", "--all", "--out", file.to_str().unwrap()]);
    let first = std::fs::read_to_string(&file).unwrap();
    assert_eq!(first, ws.ok(&["export", "--all"]), "--out writes what stdout shows");

    let other = Workspace::new();
    let summary = other.json(&["runbook", "import", file.to_str().unwrap(), "--as", "Ada"]);
    let items = summary["items"].as_array().unwrap();
    assert_eq!(items.len(), 9, "3 environments, the demo's 2 runbooks and the 4 templates: {summary}");
    assert!(items.iter().all(|i| i["action"] == "created"));
    assert_eq!(other.ok(&["export", "--all"]), first);

    // A second import changes nothing.
    let out = other.ok(&["runbook", "import", file.to_str().unwrap(), "--as", "Ada"]);
    assert!(out.ends_with("0 created, 0 updated, 9 unchanged.\n"), "{out}");
}

#[test]
fn one_runbook_exports_alone() {
    let ws = Workspace::demo();
    let text = ws.ok(&["runbook", "export", "2"]);
    assert!(text.starts_with("version: 1\nrunbooks:\n- title: Production readiness checklist"), "{text}");
    assert!(!text.contains("environments:"));
    let (code, _, err) = result(&ws.run(&["runbook", "export", "99"]));
    assert_eq!((code, err.as_str()), (2, "runsheet: runbook 99 not found"));
}

#[test]
fn the_issue_3_environment_shape_imports() {
    let ws = Workspace::new();
    let file = ws.dir.path().join("envs.yaml");
    write(&file, "version: 1\nenvironments:\n  staging:\n    vars:\n      base_url: \"http://127.0.0.1:18080\"\n");
    ws.ok(&["runbook", "import", file.to_str().unwrap(), "--as", "Ada"]);
    let envs = ws.json(&["env", "list"]);
    assert_eq!(envs[0]["name"], "staging");
    assert_eq!(envs[0]["tier"], "staging");
    assert_eq!(envs[0]["variables"][0]["key"], "base_url");
    assert_eq!(envs[0]["variables"][0]["value"], "http://127.0.0.1:18080");
}

#[test]
fn bad_yaml_exits_2_naming_file_line_and_column_and_writes_nothing() {
    let ws = Workspace::new();
    let file = ws.dir.path().join("bad.yaml");
    write(&file, "version: 1\nrunbooks:\n  - title: Go-live\n    phases:\n      - title: Prep\n        stepz: []\n");
    let (code, out, err) = result(&ws.run(&["runbook", "import", file.to_str().unwrap(), "--as", "Ada"]));
    assert_eq!(code, 2, "{out}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("runsheet: ")
            && err.contains("bad.yaml:6:9: runbooks[0].phases[0].stepz: unknown field `stepz`"),
        "{err}"
    );
    assert_eq!(ws.ok(&["runbook", "list"]), "No runbooks yet. `runsheet demo` adds an example.\n");
    let (code, _, err) = result(&ws.run(&["runbook", "import", "/nonexistent/x.yaml"]));
    assert_eq!(code, 2);
    assert!(err.starts_with("runsheet: cannot read /nonexistent/x.yaml"), "{err}");
}

/// Exports the demo's trail and returns the file's lines.
fn exported(ws: &Workspace, args: &[&str]) -> (std::path::PathBuf, Vec<String>) {
    let file = ws.dir.path().join("trail.jsonl");
    let mut all = vec!["audit", "export", "--out", file.to_str().unwrap()];
    all.extend_from_slice(args);
    ws.ok(&all);
    let lines = std::fs::read_to_string(&file).unwrap().lines().map(String::from).collect();
    (file, lines)
}

/// Runs `audit verify --file` without any workspace: the data dir points nowhere that exists.
fn verify_file(file: &Path) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_runsheet"))
        .args(["--data-dir", "/nonexistent/workspace", "audit", "verify", "--file"])
        .arg(file)
        .output()
        .unwrap();
    result(&out)
}

#[test]
fn an_exported_trail_verifies_offline() {
    let ws = Workspace::demo();
    let (file, lines) = exported(&ws, &[]);
    assert!(lines[0].starts_with("{\"runsheet_audit_export\":1,\"run_id\":null,"), "{}", lines[0]);
    let (code, out, err) = verify_file(&file);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(&format!("audit export intact: {} events verified from #1", lines.len() - 1)), "{out}");
    assert!(!Path::new("/nonexistent/workspace").exists());

    // Run 3 is the demo's run in progress (run 1 is its finished run, run 2 its rolled-back canary); its 14 events
    // include the 4 on-call contacts named when it started.
    let (file, _) = exported(&ws, &["--run", "3"]);
    let (code, out, _) = verify_file(&file);
    assert_eq!(code, 0);
    assert!(out.starts_with("audit export of run 3 intact: 14 events"), "{out}");
}

#[test]
fn an_edited_payload_byte_is_named_by_line_and_seq() {
    let ws = Workspace::demo();
    let (file, mut lines) = exported(&ws, &[]);
    let i = lines.iter().position(|l| l.contains("\"action\":\"step.skipped\"")).unwrap();
    lines[i] = lines[i].replacen("Support", "Supporu", 1);
    write(&file, &(lines.join("\n") + "\n"));
    let (code, out, _) = verify_file(&file);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        format!("audit export BROKEN: line {}: event #{i} was altered: its contents do not match its hash", i + 1)
    );
    let json: serde_json::Value = {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_runsheet"))
            .args(["audit", "verify", "--json", "--file"])
            .arg(&file)
            .output()
            .unwrap();
        serde_json::from_slice(&o.stdout).unwrap()
    };
    assert_eq!(json["intact"], false);
    assert_eq!(json["seq"], i as i64);
}

#[test]
fn a_deleted_line_names_the_gap_and_truncation_is_named() {
    let ws = Workspace::demo();
    let (file, lines) = exported(&ws, &[]);
    let mut cut = lines.clone();
    cut.remove(5);
    write(&file, &(cut.join("\n") + "\n"));
    let (code, out, _) = verify_file(&file);
    assert_eq!(code, 1);
    assert_eq!(out, "audit export BROKEN: line 6: event #5 is missing: found #6 where #5 should be (deleted, inserted or renumbered)");

    let last = lines.len() - 1;
    write(&file, &(lines[..last].join("\n") + "\n"));
    let (code, out, _) = verify_file(&file);
    assert_eq!(code, 1);
    assert!(
        out.starts_with(&format!(
            "audit export BROKEN: end of file: the trail ends at event #{} but event #{last}",
            last - 1
        )),
        "{out}"
    );

    // Cut mid-line: the last line is no longer JSON.
    let text = lines.join("\n");
    write(&file, &text[..text.len() - 20]);
    let (code, _, err) = verify_file(&file);
    assert_eq!(code, 2);
    assert!(err.contains(&format!("trail.jsonl: line {}, column ", lines.len())), "{err}");
}

#[test]
fn a_garbage_line_exits_2_with_its_line_number() {
    let ws = Workspace::demo();
    let (file, mut lines) = exported(&ws, &[]);
    lines.insert(3, "this is not json".into());
    write(&file, &lines.join("\n"));
    let (code, out, err) = verify_file(&file);
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty());
    assert!(err.starts_with("runsheet: "), "{err}");
    assert!(
        err.contains("trail.jsonl: line 4, column 2: an event is not a valid audit export line: expected ident"),
        "{err}"
    );
    let (code, _, err) = verify_file(Path::new("/nonexistent/trail.jsonl"));
    assert_eq!(code, 2);
    assert!(err.contains("cannot read /nonexistent/trail.jsonl"), "{err}");
}
