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
