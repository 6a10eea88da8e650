//! Malformed and hostile input: never a panic, never a hang, a clear error for what is not text.

use std::time::{Duration, Instant};

use encoding_rs::WINDOWS_1252;
use runsheet_plan::{import_bytes, to_runbook, ImportError, ImportedPlan};

use crate::support::fixture;

/// Imports on a thread and fails (instead of hanging the suite) if it takes more than `limit`.
fn import_within(bytes: Vec<u8>, limit: Duration) -> Result<ImportedPlan, ImportError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let started = Instant::now();
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let _ = tx.send(import_bytes(&bytes, "hostile.md"));
        })
        .unwrap();
    let result = rx.recv_timeout(limit).unwrap_or_else(|_| panic!("import did not finish within {limit:?}"));
    assert!(started.elapsed() < limit);
    result
}

fn ok(bytes: Vec<u8>) -> ImportedPlan {
    let plan = import_within(bytes, Duration::from_secs(60)).unwrap();
    to_runbook(&plan).validate().unwrap();
    plan
}

#[test]
fn empty_and_blank_files_are_a_clear_error() {
    for bytes in [&b""[..], b"\n\n   \t\n", b"\xEF\xBB\xBF"] {
        let err = import_bytes(bytes, "plan.md").unwrap_err();
        assert_eq!(err.to_string(), "plan.md is empty: there is no plan to import");
    }
}

#[test]
fn binary_files_are_a_clear_error() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00".to_vec();
    let err = import_bytes(&png, "screenshot.png").unwrap_err().to_string();
    assert!(err.starts_with("screenshot.png is not a text file: it holds NUL bytes"), "{err}");
    let controls: Vec<u8> = (0..4096u32).map(|i| [0x01, 0x02, 0x1b, b'a', 0x07][i as usize % 5]).collect();
    let err = import_bytes(&controls, "blob.md").unwrap_err().to_string();
    assert!(err.contains("control characters"), "{err}");
    // SQLite's own header, as a release manager might pick the wrong file.
    let mut db = b"SQLite format 3\0".to_vec();
    db.extend(std::iter::repeat_n(0u8, 4096));
    assert!(matches!(import_bytes(&db, "runsheet.db"), Err(ImportError::Binary { .. })));
}

#[test]
fn a_ten_megabyte_plan_imports() {
    let mut bytes = Vec::new();
    let (a, b) = (fixture("aangan-production-readiness.md"), fixture("swipesavvy-rollout-plan.md"));
    let mut n = 0;
    while bytes.len() < 10 * 1024 * 1024 {
        bytes.extend_from_slice(format!("\n## Copy {n}\n\n").as_bytes());
        bytes.extend_from_slice(if n % 2 == 0 { &a } else { &b });
        n += 1;
    }
    let plan = ok(bytes);
    assert!(plan.step_count() > 20_000, "{}", plan.step_count());
}

#[test]
fn ten_thousand_deep_lists_and_quotes() {
    let cases = [
        "- ".repeat(10_000) + "[ ] deepest\n",
        "1. ".repeat(10_000) + "deep\n",
        "> ".repeat(10_000) + "quoted\n",
        "> - ".repeat(5_000) + "[x] both\n",
        (0..10_000).map(|i| format!("{}- item {i}\n", "  ".repeat(i % 200))).collect::<String>(),
        "# Checklist\n".to_string() + &"* [ ] ".repeat(10_000),
        "[".repeat(100_000) + &"]".repeat(100_000),
        "*".repeat(100_000) + "a" + &"_".repeat(100_000),
    ];
    for md in cases {
        let plan = ok(md.into_bytes());
        assert!(plan.step_count() < 20_000);
    }
}

#[test]
fn huge_criteria_lists_and_signoff_tables_stay_linear() {
    let go: String = (0..200_000).map(|i| format!("- criterion {i}\n")).collect();
    let roles: String = (0..100_000).map(|i| format!("| Role {i} | | |\n")).collect();
    let md = format!("## GO criteria\n{go}\n## Sign-off\n| Role | Name | Approval |\n|-|-|-|\n{roles}");
    let plan = ok(md.into_bytes());
    assert_eq!((plan.go_criteria.len(), plan.signoff_roles.len()), (200_000, 100_000));
}

#[test]
fn a_hundred_thousand_column_table() {
    let header = format!("|{}|\n", (0..100_000).map(|i| format!("c{i}")).collect::<Vec<_>>().join("|"));
    let rule = format!("|{}|\n", vec!["-"; 100_000].join("|"));
    let row = format!("|{}|\n", (0..100_000).map(|i| i.to_string()).collect::<Vec<_>>().join("|"));
    ok(format!("# Plan\n\n{header}{rule}{row}").into_bytes());
    // Wide, and a timeline: the step keeps only the first extra columns.
    let header = format!("| Time | Activity | Owner |{}\n", " x |".repeat(100_000));
    let rule = format!("|---|---|---|{}\n", "---|".repeat(100_000));
    let row = format!("| 02:00 | Deploy | DevOps |{}\n", " y |".repeat(100_000));
    let plan = ok(format!("## Cutover\n\n{header}{rule}{row}").into_bytes());
    let step = &plan.phases[0].steps[0];
    assert_eq!((step.title.as_str(), step.planned_time.as_deref()), ("Deploy", Some("02:00")));
    assert!(step.instructions.lines().count() <= 20);
}

#[test]
fn mojibake_everywhere_and_legacy_bytes() {
    // Every character of a plan garbled through windows-1252, then through windows-1254.
    let text = String::from_utf8(fixture("aangan-production-readiness.md")).unwrap();
    for encoding in [encoding_rs::WINDOWS_1252, encoding_rs::WINDOWS_1254] {
        let (garbled, _) = encoding.decode_without_bom_handling(text.as_bytes());
        let plan = ok(garbled.into_owned().into_bytes());
        assert_eq!(plan.title, "Aangan Production Readiness Implementation Plan", "{}", encoding.name());
        assert!(plan.encoding.repaired_total > 50, "{}", plan.encoding.repaired_total);
        assert_eq!(plan.encoding.unrepaired_total, 0, "{:?}", plan.encoding.unrepaired);
        assert_eq!(plan.phases[1].original_title, "📅 3-Week Implementation Timeline");
    }
    // A strict decoder lost the five bytes windows-1252 does not define, or wrote `?` for them: what one
    // character fits is restored, the rest reported and taken off the titles.
    let garbled: String = WINDOWS_1252.decode_without_bom_handling(text.as_bytes()).0.chars().collect();
    for lost in ["", "?"] {
        let lossy: String = garbled
            .chars()
            .map(|c| if ('\u{80}'..'\u{a0}').contains(&c) { lost.to_string() } else { c.to_string() })
            .collect();
        let plan = ok(lossy.into_bytes());
        assert_eq!(plan.title, "Aangan Production Readiness Implementation Plan");
        assert_eq!((plan.go_criteria.len(), plan.no_go_criteria.len()), (13, 8));
        assert_eq!(plan.phases[2].title, "IMPLEMENTATION DETAILS", "lost as {lost:?}");
        let cross = plan.encoding.repaired.iter().find(|r| r.repaired == "❌").unwrap();
        assert!(cross.restored_lost_byte && cross.count == 9);
        assert!(plan.encoding.unrepaired.iter().any(|u| u.text.starts_with("ðŸ") && u.lines == [78]));
    }
    // A Windows-1252 file (not UTF-8 at all): decoded and said so.
    let latin = b"# Mise en production\n\n## V\xE9rifications\n- [ ] Sauvegarde du caf\xE9\n- [x] \x93OK\x94 du DBA\n";
    let plan = ok(latin.to_vec());
    assert_eq!((plan.encoding.detected.as_str(), plan.encoding.transcoded), ("windows-1252", true));
    assert_eq!(plan.phases[0].title, "Vérifications");
    assert_eq!(plan.phases[0].steps[1].title, "“OK” du DBA");
    // Garbage that looks like mojibake.
    ok("ðŸ ð ðŸš Ã Ã? â€ âœ ÐŸÑ Ñ ï¸ ?? Â".repeat(1000).into_bytes());
}
