//! `runsheet run report` through the real binary.

use crate::support::{result, Workspace};

#[test]
fn html_report_is_written_self_contained_and_format_follows_the_extension() {
    let ws = Workspace::demo();
    let file = ws.dir.path().join("report.html");
    let out = ws.ok(&["run", "report", "1", "--out", file.to_str().unwrap()]);
    assert!(out.is_empty());
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Run 1 is the demo's finished run: its approvals are in the report.
    assert!(html.contains("Blue-green go-live: SwipeSavvy v1.2 — v1.1.0"));
    assert_eq!(html.matches(">signature verified<").count(), 3);
    assert!(html.contains("Criteria of 4.1 Go &#x2f; no-go for cutover"));
    for needle in ["<script", "<link", "src=", "@import", "url("] {
        assert!(!html.contains(needle), "{needle}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o644);
    }
    let md = ws.ok(&["run", "report", "1"]);
    assert!(md.starts_with("# Blue-green go-live: SwipeSavvy v1.2 — v1.1.0\n"), "{md}");
    let forced = ws.ok(&["run", "report", "1", "--format", "html"]);
    assert!(forced.starts_with("<!DOCTYPE html>"));
}

#[test]
fn an_unknown_run_exits_2_and_writes_no_file() {
    let ws = Workspace::demo();
    let file = ws.dir.path().join("none.html");
    let (code, _, err) = result(&ws.run(&["run", "report", "9", "--out", file.to_str().unwrap()]));
    assert_eq!((code, err.as_str()), (2, "runsheet: run 9 not found"));
    assert!(!file.exists());
}
