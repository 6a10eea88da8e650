use std::path::Path;

use crate::support::{result, Workspace};

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_non_sqlite_file_is_refused_untouched() {
    let ws = Workspace::new();
    std::fs::write(ws.db(), b"id,title\n1,go-live\n").unwrap();
    for args in [&["runbook", "list"][..], &["audit", "verify"], &["demo"]] {
        let (code, out, err) = result(&ws.run(args));
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.ends_with("runsheet.db is not a Runsheet database: it is not an SQLite file"), "{err}");
    }
    assert_eq!(bytes(&ws.db()), b"id,title\n1,go-live\n");
    assert!(!ws.dir.path().join("runsheet.db-wal").exists());
}

#[test]
fn a_corrupt_database_is_refused_untouched() {
    let ws = Workspace::demo();
    // Move everything from the WAL into the main file, so the damage below is what SQLite reads.
    ws.sqlite3("PRAGMA wal_checkpoint(TRUNCATE);");
    let _ = std::fs::remove_file(ws.dir.path().join("runsheet.db-wal"));
    // Keep SQLite's header, scribble over the schema page.
    let mut data = bytes(&ws.db());
    for b in &mut data[100..4096] {
        *b = 0xA5;
    }
    std::fs::write(ws.db(), &data).unwrap();
    let (code, out, err) = result(&ws.run(&["runbook", "list"]));
    assert_eq!(code, 2, "{out}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("damaged") || err.contains("not a Runsheet database"), "{err}");
    assert_eq!(bytes(&ws.db()), data);
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let ws = Workspace::new();
    crate::support::sqlite3(&ws.db(), "CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (1);");
    let before = bytes(&ws.db());
    let (code, _, err) = result(&ws.run(&["run", "list"]));
    assert_eq!(code, 2);
    assert!(err.ends_with("is not a Runsheet database: it holds tables of another program"), "{err}");
    assert_eq!(bytes(&ws.db()), before);
}

#[test]
fn bad_arguments_exit_2_with_one_clear_cause() {
    let ws = Workspace::demo();
    let (code, _, err) = result(&ws.run(&["run", "show", "not-a-number"]));
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'not-a-number'"), "{err}");
    let (code, _, err) = result(&ws.run(&["runbook", "show", "999"]));
    assert_eq!((code, err.as_str()), (2, "runsheet: runbook 999 not found"));
    let (code, _, err) = result(&ws.run(&["frobnicate"]));
    assert_eq!(code, 2);
    assert!(err.contains("unrecognized subcommand 'frobnicate'"), "{err}");
    let (code, _, err) = result(&ws.run(&["run", "step", "1", "5", "teleport"]));
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'teleport'"), "{err}");
}

#[test]
fn an_unwritable_data_dir_is_a_clear_error() {
    let ws = Workspace::new();
    let file = ws.dir.path().join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_runsheet"))
        .arg("--data-dir")
        .arg(file.join("sub"))
        .args(["runbook", "list"])
        .output()
        .unwrap();
    let (code, _, err) = result(&out);
    assert_eq!(code, 2);
    assert!(err.starts_with("runsheet: cannot use ") && err.contains("plain-file/sub"), "{err}");
}

/// Issue 8: 100,000 levels of nesting took 27 s (sequences) and 89 s (mappings) to refuse; the guard refuses them
/// before the parser runs, naming the file, the line and column where the 65th level opens, and the limit.
#[test]
fn a_deeply_nested_file_is_refused_naming_where_and_the_limit() {
    let ws = Workspace::new();
    let seqs = ws.dir.path().join("seqs.yaml");
    std::fs::write(&seqs, format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000))).unwrap();
    let maps = ws.dir.path().join("maps.yaml");
    std::fs::write(&maps, format!("version: 1\nrunbooks: {}1{}\n", "{a: ".repeat(100_000), "}".repeat(100_000)))
        .unwrap();
    for (file, at) in [(&seqs, "1:65"), (&maps, "2:263")] {
        let name = file.display().to_string();
        let expected =
            format!("runsheet: {name}:{at}: nesting deeper than 64 levels; no Runsheet file needs that many");
        let (code, out, err) = result(&ws.run(&["runbook", "import", &name]));
        assert_eq!((code, out.as_str(), err.as_str()), (2, "", expected.as_str()));
        let (code, _, err) = result(&ws.run(&["check", "--config", &name, "--env", "x"]));
        assert_eq!((code, err.as_str()), (2, expected.as_str()));
    }
    assert_eq!(ws.json(&["runbook", "list"]), serde_json::json!([]));
}

#[test]
fn a_file_over_8_mib_is_refused_by_size() {
    let ws = Workspace::new();
    let file = ws.dir.path().join("huge.yaml");
    std::fs::write(&file, "lorem ipsum dolor sit amet\n".repeat(400_000)).unwrap();
    let name = file.display().to_string();
    let (code, _, err) = result(&ws.run(&["runbook", "import", &name]));
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!("runsheet: {name}:310690:6: the file is 10800000 bytes, over the limit of 8388608")),
        "{err}"
    );
    let (code, _, err) = result(&ws.run(&["check", "--config", &name, "--env", "x"]));
    assert_eq!(code, 2);
    assert!(err.starts_with(&format!("runsheet: {name}: the file is 10800000 bytes, over the limit")), "{err}");
}
