//! Hostile and broken input stays cheap: deep nesting and huge files are refused, before the parser runs, with the
//! file, line, column and limit; anything else reads as a document or fails with a position.

use proptest::prelude::*;
use runsheet_core::yaml_limits::{MAX_BYTES, MAX_DEPTH, MAX_VALUES};
use runsheet_formats::yaml;
use runsheet_formats::Error;

/// The error's position and message; panics on success.
fn refusal(text: &str) -> (usize, usize, String) {
    match yaml::read(text, "deep.yaml") {
        Err(Error::Yaml { file, line, column, path, message }) => {
            assert_eq!(file, "deep.yaml");
            assert!(path.is_empty(), "{path}");
            (line, column, message)
        }
        other => panic!("expected a positioned error, got {other:?}"),
    }
}

fn nesting(text: &str) -> (usize, usize) {
    let (line, column, message) = refusal(text);
    assert_eq!(message, "nesting deeper than 64 levels; no Runsheet file needs that many");
    (line, column)
}

/// `version: 1` and `checks:` holding `depth - 1` levels, so the document is `depth` levels deep.
fn under_checks(depth: usize, open: &str, leaf: &str, close: &str) -> String {
    format!("version: 1\nchecks: {}{leaf}{}\n", open.repeat(depth - 1), close.repeat(depth - 1))
}

fn block(depth: usize, each: &str, leaf: &str) -> String {
    let mut text = String::from("version: 1\nchecks:\n");
    for level in 1..depth {
        text.push_str(&" ".repeat(2 * level));
        text.push_str(if level + 1 == depth { leaf } else { each });
        text.push('\n');
    }
    text
}

#[test]
fn deep_flow_sequences_are_refused_where_the_limit_is_passed() {
    assert!(yaml::parse(&under_checks(MAX_DEPTH, "[", "", "]"), "deep.yaml").is_ok());
    assert_eq!(nesting(&under_checks(MAX_DEPTH + 1, "[", "", "]")), (2, 9 + 63));
    assert_eq!(nesting(&under_checks(100_000, "[", "", "]")), (2, 9 + 63));
    // The whole file as one deep sequence.
    assert_eq!(nesting(&"[".repeat(100_000)), (1, 65));
}

#[test]
fn deep_flow_mappings_are_refused_where_the_limit_is_passed() {
    assert!(yaml::parse(&under_checks(MAX_DEPTH, "{a: ", "1", "}"), "deep.yaml").is_ok());
    assert_eq!(nesting(&under_checks(MAX_DEPTH + 1, "{a: ", "1", "}")), (2, 9 + 4 * 63));
    nesting(&under_checks(100_000, "{a: ", "1", "}"));
}

#[test]
fn deep_block_mappings_and_sequences_are_refused_where_the_limit_is_passed() {
    assert!(yaml::parse(&block(MAX_DEPTH, "a:", "a: 1"), "deep.yaml").is_ok());
    assert_eq!(nesting(&block(MAX_DEPTH + 1, "a:", "a: 1")), (66, 129));
    assert!(yaml::parse(&block(MAX_DEPTH, "-", "- 1"), "deep.yaml").is_ok());
    assert_eq!(nesting(&block(MAX_DEPTH + 1, "-", "- 1")), (66, 129));
    nesting(&block(1_000, "a:", "a: 1"));
    nesting(&format!("version: 1\nchecks: {}1\n", "- ".repeat(100_000)));
}

#[test]
fn huge_files_are_refused_by_size_before_parsing() {
    let one_line = "x".repeat(10 * 1024 * 1024);
    let (line, column, message) = refusal(&one_line);
    assert_eq!((line, column), (1, MAX_BYTES + 1));
    assert!(message.starts_with("the file is 10485760 bytes, over the limit of 8388608 bytes (8 MiB)"), "{message}");
    let text = "lorem ipsum dolor sit amet\n".repeat(10 * 1024 * 1024 / 27 + 1);
    let (line, column, _) = refusal(&text);
    assert_eq!((line, column), (MAX_BYTES / 27 + 1, MAX_BYTES % 27 + 1));
    // Under the limit, the parser reads it and says what is wrong.
    let (_, _, message) = refusal(&"x".repeat(MAX_BYTES));
    assert!(message.contains("expected struct Document"), "{message}");
}

#[test]
fn files_of_too_many_values_are_refused_before_parsing_where_the_limit_is_passed() {
    // Under the size and depth limits, each of these took the parser seconds: a value every two to four bytes.
    // The top mapping, `version`, `1` and `checks` are four values; the sequence under `checks` a fifth.
    let items = MAX_VALUES - 5;
    let flow = |n: usize| format!("version: 1\nchecks: [{}]\n", vec!["a"; n].join(","));
    assert!(runsheet_core::yaml_limits::check(&flow(items)).is_ok());
    let (line, column, message) = refusal(&flow(items + 1));
    assert_eq!((line, column), (2, 10 + 2 * items));
    assert_eq!(message, "more than 500000 values (scalars, mappings and sequences); no Runsheet file needs that many");
    let block = |n: usize| format!("version: 1\nchecks:\n{}", "- a\n".repeat(n));
    assert!(runsheet_core::yaml_limits::check(&block(items)).is_ok());
    assert_eq!(refusal(&block(items + 1)).0, 3 + items);
    let empty = format!("version: 1\nchecks: [{}[]]\n", "[],".repeat(MAX_VALUES));
    assert!(refusal(&empty).2.starts_with("more than 500000 values"));
}

#[test]
fn the_message_reads_as_one_line_with_file_and_position() {
    let e = yaml::read(&format!("version: 1\nrunbooks: {}", "[".repeat(200)), "runbooks.yaml").unwrap_err();
    assert_eq!(e.to_string(), "runbooks.yaml:2:74: nesting deeper than 64 levels; no Runsheet file needs that many");
}

/// A YAML value `depth` levels deep, written in one of several styles, and the same value as serde_norway reads it.
fn nested(depth: usize, style: usize) -> String {
    match style {
        0 => format!("{}1{}", "[".repeat(depth), "]".repeat(depth)),
        1 => format!("{}1{}", "{k: ".repeat(depth), "}".repeat(depth)),
        2 => (0..depth).map(|l| format!("{}k:{}", " ".repeat(l), if l + 1 == depth { " 1\n" } else { "\n" })).collect(),
        3 => format!("{}1\n", "- ".repeat(depth)),
        // A mapping whose sequence sits at its keys' indentation: `k:` / `- k:` / `  - k:` …
        _ => {
            let mut text = String::new();
            let mut level = 0;
            let mut indent = 0;
            while level < depth {
                if level + 2 <= depth {
                    text.push_str(&format!("{}- k:\n", " ".repeat(indent)));
                    indent += 2;
                    level += 2;
                } else {
                    text.push_str(&format!("{}- 1\n", " ".repeat(indent)));
                    level += 1;
                }
            }
            if text.ends_with(":\n") {
                text.truncate(text.len() - 1);
                text.push_str(" 1\n");
            }
            text
        }
    }
}

/// How deep serde_norway finds a value (up to its own limit of 128).
fn depth_of(value: &serde_norway::Value) -> usize {
    match value {
        serde_norway::Value::Sequence(s) => 1 + s.iter().map(depth_of).max().unwrap_or(0),
        serde_norway::Value::Mapping(m) => 1 + m.values().map(depth_of).max().unwrap_or(0),
        serde_norway::Value::Tagged(t) => depth_of(&t.value),
        _ => 0,
    }
}

proptest! {
    /// The guard counts depth as the parser does: exactly the documents deeper than the limit are refused.
    #[test]
    fn the_guard_counts_nesting_as_the_parser_does(depth in 1usize..110, style in 0usize..5) {
        let text = nested(depth, style);
        let value: serde_norway::Value = serde_norway::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(depth_of(&value), depth, "{}", text);
        let guard = runsheet_core::yaml_limits::check(&text);
        prop_assert_eq!(guard.is_ok(), depth <= MAX_DEPTH, "{:?}\n{}", guard, text);
    }

    /// Any text reads as a document or fails with a position inside it.
    #[test]
    fn any_text_reads_or_fails_with_a_position(text in any::<Vec<u8>>().prop_map(|b| String::from_utf8_lossy(&b).into_owned())) {
        assert_positioned(&text)?;
    }

    /// Text made of YAML's own punctuation, where parsers go wrong.
    #[test]
    fn yaml_like_text_reads_or_fails_with_a_position(text in "(version: 1\n)?[\\[\\]{}:,'\"#|>?&*!\\- \t\n\\\\a-c]{0,400}") {
        assert_positioned(&text)?;
    }
}

fn assert_positioned(text: &str) -> Result<(), TestCaseError> {
    match yaml::read(text, "any.yaml") {
        Ok(_) => {}
        Err(Error::Yaml { line, column, .. }) => {
            // serde_norway may point one past the last line (the end of the stream).
            let lines = text.split(['\n', '\r']).count() + 1;
            prop_assert!(line >= 1 && line <= lines, "line {} of {}", line, lines);
            prop_assert!(column >= 1, "column {}", column);
        }
        Err(Error::Invalid { .. }) => {}
        Err(other) => return Err(TestCaseError::fail(format!("unexpected error {other:?}"))),
    }
    Ok(())
}
