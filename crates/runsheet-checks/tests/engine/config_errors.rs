use runsheet_checks::{ChecksFile, Error};

fn parse_err(text: &str) -> String {
    match ChecksFile::parse(text, "checks.yaml") {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => {
            assert!(matches!(e, Error::Config { .. }), "{e:?}");
            e.to_string()
        }
    }
}

#[test]
fn the_issue_example_parses_and_round_trips() {
    let text = r#"environments:
  staging:
    vars: { base_url: "http://127.0.0.1:18080" }
checks:
  - name: api-health
    http: { url: "{{ base_url }}/api/health", timeout: 5s }
    conditions: ["[STATUS] == 200", "[BODY].status == healthy", "[RESPONSE_TIME] < 500"]
    warn: ["[RESPONSE_TIME] > 100"]
"#;
    let file = ChecksFile::parse(text, "checks.yaml").unwrap();
    assert_eq!(file.checks.len(), 1);
    assert_eq!(file.environments["staging"].vars["base_url"], "http://127.0.0.1:18080");
    let again = ChecksFile::parse(&file.to_yaml(), "again.yaml").unwrap();
    assert_eq!(again, file);
    assert_eq!(again.to_yaml(), file.to_yaml(), "export → import → export is byte-identical");
}

#[test]
fn an_unknown_key_is_named_with_line_and_column() {
    let err = parse_err("checks:\n  - name: a\n    http: { url: \"http://127.0.0.1:1\" }\n    retries: 3\n");
    assert!(err.starts_with("checks.yaml:"), "{err}");
    assert!(err.contains("retries"), "{err}");
    assert!(err.contains(":2:") || err.contains(":4:"), "line is reported: {err}");
}

#[test]
fn a_check_needs_exactly_one_kind() {
    let err = parse_err("checks:\n  - name: a\n    conditions: [\"[STATUS] == 200\"]\n");
    assert!(err.contains("check `a` has no kind"), "{err}");
    let err = parse_err(
        "checks:\n  - name: a\n    http: { url: \"http://127.0.0.1:1\" }\n    tcp: { address: \"127.0.0.1:1\" }\n",
    );
    assert!(err.contains("several kinds (http, tcp)"), "{err}");
}

#[test]
fn duplicate_names_and_bad_policies_are_refused() {
    let err = parse_err(
        "checks:\n  - name: a\n    tcp: { address: \"127.0.0.1:1\" }\n  - name: a\n    tcp: { address: \"127.0.0.1:2\" }\n",
    );
    assert!(err.contains("two checks are named `a`"), "{err}");
    let err = parse_err("checks:\n  - name: a\n    tcp: { address: \"127.0.0.1:1\" }\n    attempts: 0\n");
    assert!(err.contains("`attempts` must be at least 1"), "{err}");
    let err = parse_err("checks:\n  - name: a\n    tcp: { address: \"127.0.0.1:1\" }\n    interval: soon\n");
    assert!(err.contains("checks.yaml:4:"), "{err}");
}

#[test]
fn a_malformed_condition_names_the_condition_and_position() {
    let err = parse_err(
        "checks:\n  - name: a\n    http: { url: \"http://127.0.0.1:1\" }\n    conditions: [\"[STATUS] = 200\"]\n",
    );
    assert!(err.contains("[STATUS] = 200"), "{err}");
    assert!(err.contains("column"), "{err}");
}

#[test]
fn gatus_endpoints_load_as_checks_with_conditions_as_written() {
    let text = r#"
storage:
  type: sqlite
endpoints:
  - name: front-end
    group: core
    url: "http://127.0.0.1:18080/health"
    interval: 5m
    conditions:
      - "[STATUS] == 200"
      - "[BODY].status == UP"
      - "[RESPONSE_TIME] < 150"
  - name: db
    url: "tcp://127.0.0.1:5432"
    conditions: ["[CONNECTED] == true"]
  - name: old
    enabled: false
    url: "http://127.0.0.1:1"
"#;
    let file = ChecksFile::parse(text, "gatus.yaml").unwrap();
    let names: Vec<&str> = file.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["core/front-end", "db"]);
    let yaml = file.to_yaml();
    assert!(yaml.contains("[BODY].status == UP") && yaml.contains("[RESPONSE_TIME] < 150"), "{yaml}");
    let err = ChecksFile::parse("endpoints:\n  - name: ping\n    url: icmp://127.0.0.1\n", "g.yaml").unwrap_err();
    assert!(err.to_string().contains("`icmp://` endpoints are not supported"), "{err}");
}

/// Issue 8: nesting is refused before the parser runs (it took 27–89 s at 100,000 levels), where the 65th level
/// opens; at the limit the file is parsed as usual.
#[test]
fn deep_nesting_is_refused_where_the_limit_is_passed() {
    let deep = |n: usize| format!("checks:\n  - name: x\n    manual: {}1{}\n", "{a: ".repeat(n), "}".repeat(n));
    // `checks` (1), the list (2), the check (3): 61 more levels fit.
    let e = parse_err(&deep(61));
    assert!(e.contains("unknown field `a`"), "{e}");
    assert_eq!(
        parse_err(&deep(62)),
        "checks.yaml:3:257: nesting deeper than 64 levels; no Runsheet file needs that many"
    );
    assert_eq!(
        parse_err(&format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))),
        "checks.yaml:1:65: nesting deeper than 64 levels; no Runsheet file needs that many"
    );
    let mut block = String::from("checks:\n");
    for level in 1..100 {
        block.push_str(&format!("{}- x:\n", " ".repeat(2 * level)));
    }
    assert!(parse_err(&block).starts_with("checks.yaml:33:67: nesting deeper than 64 levels"));
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    std::fs::write(&path, "# nothing\n".repeat(1_000_000)).unwrap();
    let e = ChecksFile::load(&path).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: the file is 10000000 bytes, over the limit of 8388608 bytes (8 MiB); no Runsheet file needs that much",
            path.display()
        )
    );
    let e = ChecksFile::parse(&"# nothing\n".repeat(1_000_000), "huge.yaml").unwrap_err();
    assert!(e.to_string().starts_with("huge.yaml:838861:9: the file is 10000000 bytes"), "{e}");
}

proptest::proptest! {
    /// Any text is a checks file or an error; a syntax error has a position inside the text.
    #[test]
    fn any_text_is_a_checks_file_or_a_positioned_error(
        text in "(checks:\n)?[\\[\\]{}:,'\"#|>?&*!\\- \t\n\\\\a-c]{0,400}"
    ) {
        match ChecksFile::parse(&text, "any.yaml") {
            Ok(_) => {}
            Err(Error::Config { line, column, .. }) => {
                let lines = text.split(['\n', '\r']).count() + 1;
                proptest::prop_assert!(line.is_none_or(|l| l >= 1 && l <= lines), "line {:?} of {}", line, lines);
                proptest::prop_assert!(column.is_none_or(|c| c >= 1));
            }
            Err(other) => return Err(proptest::test_runner::TestCaseError::fail(format!("{other:?}"))),
        }
    }
}
