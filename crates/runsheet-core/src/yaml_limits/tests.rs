use proptest::prelude::*;

use super::*;

fn refused(text: &str) -> (usize, usize) {
    match check(text) {
        Err(e) => {
            assert!(e.message.starts_with("nesting deeper than 64 levels"), "{}", e.message);
            (e.line, e.column)
        }
        Ok(()) => panic!("accepted:\n{}", &text[..text.len().min(400)]),
    }
}

fn accepted(text: &str) {
    if let Err(e) = check(text) {
        panic!("{}:{}: {}\n{}", e.line, e.column, e.message, &text[..text.len().min(400)]);
    }
}

fn flow_seqs(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

fn flow_maps(depth: usize) -> String {
    format!("{}1{}", "{a: ".repeat(depth), "}".repeat(depth))
}

/// `a:` on its own line, each level indented two more spaces.
fn block_maps(depth: usize) -> String {
    let mut text = String::new();
    for level in 0..depth {
        text.push_str(&" ".repeat(2 * level));
        text.push_str(if level + 1 == depth { "a: 1\n" } else { "a:\n" });
    }
    text
}

/// `-` on its own line, each level indented two more spaces.
fn block_seqs(depth: usize) -> String {
    let mut text = String::new();
    for level in 0..depth {
        text.push_str(&" ".repeat(2 * level));
        text.push_str(if level + 1 == depth { "- 1\n" } else { "-\n" });
    }
    text
}

#[test]
fn flow_sequences_at_the_limit_pass_and_one_more_is_refused_where_it_opens() {
    accepted(&flow_seqs(64));
    assert_eq!(refused(&flow_seqs(65)), (1, 65));
    assert_eq!(refused(&flow_seqs(100_000)), (1, 65));
    assert_eq!(refused(&format!("version: 1\nrunbooks: {}", flow_seqs(100))), (2, 11 + 63));
}

#[test]
fn flow_mappings_count_like_sequences() {
    accepted(&flow_maps(64));
    assert_eq!(refused(&flow_maps(65)), (1, 4 * 64 + 1));
    refused(&flow_maps(100_000));
    // A pair inside a flow sequence is a mapping of its own: `[a: [a: …]]` is two levels a bracket.
    accepted(&format!("{}1{}", "[a: ".repeat(32), "]".repeat(32)));
    refused(&format!("{}1{}", "[a: ".repeat(33), "]".repeat(33)));
    // …until a comma ends the pair.
    accepted(&format!("{}1{}", "[a: 1, ".repeat(63), "]".repeat(63)));
}

#[test]
fn block_mappings_and_sequences_count_by_indentation() {
    accepted(&block_maps(64));
    assert_eq!(refused(&block_maps(65)), (65, 129));
    accepted(&block_seqs(64));
    assert_eq!(refused(&block_seqs(65)), (65, 129));
    // `- - - x` opens a sequence at each dash.
    accepted(&format!("{}x\n", "- ".repeat(64)));
    assert_eq!(refused(&format!("{}x\n", "- ".repeat(65))), (1, 129));
    // Siblings do not add up.
    accepted(&"a:\n  b: 1\nc:\n  d: 1\n".repeat(1_000));
}

#[test]
fn a_sequence_at_its_keys_indentation_is_a_level_of_its_own() {
    // a: / - b: / - c: … : a mapping and a sequence per line.
    let mut text = String::new();
    for level in 0..40 {
        text.push_str(&" ".repeat(2 * level));
        text.push_str(if level == 0 { "a:\n" } else { "- b:\n" });
    }
    refused(&text);
    let mut text = String::new();
    for level in 0..32 {
        text.push_str(&" ".repeat(2 * level));
        text.push_str(if level == 0 { "a:\n" } else { "- b:\n" });
    }
    text.push_str(&" ".repeat(64));
    text.push_str("- 1\n");
    accepted(&text);
    // The sequence closes when a key comes back at its indentation.
    accepted(&"a:\n- 1\n- 2\nb: 1\n".repeat(200));
}

#[test]
fn block_and_flow_nesting_add_up() {
    let block = block_maps(30);
    accepted(&format!("{}{}{}\n", block.trim_end().trim_end_matches('1'), "[".repeat(34), "]".repeat(34)));
    refused(&format!("{}{}{}\n", block.trim_end().trim_end_matches('1'), "[".repeat(35), "]".repeat(35)));
}

#[test]
fn brackets_in_scalars_and_comments_do_not_count() {
    let deep = "[".repeat(200);
    accepted(&format!("title: '{deep}'\nnotes: \"{deep}\"\n"));
    accepted(&format!("title: Deploy {deep}\n"));
    accepted(&format!("title: x {{{{ name }}}} {deep}\n"));
    accepted(&format!("# {deep}\nversion: 1 # {deep}\n"));
    accepted(&format!("notes: |\n  {deep}\n  {deep}\nnext: >-\n  {deep}\n\n  {deep}\n"));
    accepted(&format!("- |\n  {deep}\n- x\n"));
    accepted(&format!("title: a long\n  {deep}\n  text\n"));
    accepted(&format!("title: 'a long\n  {deep}\n  it''s'\nnotes: \"x\\\"\n{deep}\"\n"));
    accepted(&format!("[\"{deep}\", '{deep}', {{a: '{deep}'}}]\n"));
    accepted(&format!("--- |\n {deep}\n...\n"));
    // The same brackets as structure are refused.
    refused(&format!("title: {deep}\n"));
    refused(&format!("- {deep}\n"));
    refused(&format!("notes: |\n  text\n{deep}\n"));
    refused(&format!("title: 'closed'\n{deep}\n"));
    // A block scalar ends at the first line indented less than its first line; a comment ends a plain scalar.
    refused(&format!("a: |\n      text\n   {deep}\n"));
    accepted(&format!("a: |\n      text\n\n        {deep}\n"));
    accepted(&format!("a: |2\n    text\n  {deep}\n"));
    refused(&format!("a: |2\n    text\n {deep}\n"));
    refused(&format!("a: x # note\n  {deep}\n"));
}

#[test]
fn keys_and_values_without_keys_open_block_mappings() {
    accepted(&format!("{}x\n", "? ".repeat(64)));
    assert_eq!(refused(&format!("{}x\n", "? ".repeat(65))), (1, 129));
    assert_eq!(refused(&format!("{}x\n", ": ".repeat(65))), (1, 129));
    accepted("? a\n: b\n? - c\n  - d\n: - e\n");
}

#[test]
fn a_new_document_starts_from_nothing() {
    let half = block_maps(40);
    accepted(&format!("{half}---\n{half}...\n---\n{half}"));
}

#[test]
fn realistic_files_pass() {
    let text = "\
version: 1
environments:
  production:
    tier: production
    vars: { base_url: \"https://example.test\", region: eu-west-1 }
    windows:
      - { days: [tue, thu], start: \"22:00\", duration: 2h, tz: Europe/Berlin }
runbooks:
  - title: Go-live [v2]
    kind: runbook
    description: |
      Deploy [the thing] {carefully}: see https://wiki/x#y
    phases:
      - title: Prepare
        steps:
          - title: \"Take backup: db [primary]\"
            command: { run: 'pg_dump -Fc > x', shell: bash }
          - title: it's a plain title - with [brackets
checks:
  - name: health
    http: { url: \"{{ base_url }}/health\", timeout: 5s }
    conditions:
      - \"[STATUS] == 200\"
      - any:
          - all: [\"[BODY].status == UP\", \"[BODY].db == UP\"]
          - \"[RESPONSE_TIME] < 300\"
";
    accepted(text);
    accepted(&text.replace('\n', "\r\n"));
    accepted(&format!("\u{feff}{text}"));
}

#[test]
fn the_size_limit_names_where_it_is_passed() {
    let at_limit = "x".repeat(MAX_BYTES);
    accepted(&at_limit);
    let over = format!("{at_limit}y");
    let e = check(&over).unwrap_err();
    assert_eq!((e.line, e.column), (1, MAX_BYTES + 1));
    assert!(e.message.contains("over the limit of 8388608 bytes (8 MiB)"), "{}", e.message);
    let lines = "ab\n".repeat(MAX_BYTES / 3 + 1);
    let e = check(&lines).unwrap_err();
    assert_eq!((e.line, e.column), (MAX_BYTES / 3 + 1, MAX_BYTES % 3 + 1));
    let e = check_with("é: [[", &Limits { bytes: 100, depth: 1, values: 100 }).unwrap_err();
    assert_eq!((e.line, e.column), (1, 4), "columns count characters");
    assert!(e.message.starts_with("nesting deeper than 1 levels"));
}

#[test]
fn values_past_the_limit_are_refused_where_the_first_one_too_many_starts() {
    let limits = Limits { bytes: MAX_BYTES, depth: MAX_DEPTH, values: 10 };
    let refused_at = |text: &str| {
        let e = check_with(text, &limits).unwrap_err();
        assert!(e.message.starts_with("more than 10 values (scalars, mappings and sequences)"), "{}", e.message);
        (e.line, e.column)
    };
    // A flow sequence and nine scalars: ten values. One more is refused at its first character.
    assert!(check_with("[a, b, c, d, e, f, g, h, i]", &limits).is_ok());
    assert_eq!(refused_at("[a, b, c, d, e, f, g, h, i, jj]"), (1, 29));
    // Empty collections count as values too.
    assert!(check_with("[[], [], [], [], [], [], [], [], []]", &limits).is_ok());
    assert_eq!(refused_at("[[], [], [], [], [], [], [], [], [], {}]"), (1, 38));
    // A block sequence and its items, then a block mapping, its keys and values, quoted, block and aliased.
    assert!(check_with("- a\n- b\n- c\n- d\n- e\n- f\n- g\n- h\n- i\n", &limits).is_ok());
    assert_eq!(refused_at("- a\n- b\n- c\n- d\n- e\n- f\n- g\n- h\n- i\n- j\n"), (10, 3));
    assert_eq!(refused_at("a: 'x'\nb: \"y\"\nc: |\n  text\nd: *x\ne: [f]\n"), (6, 4));
    // Scalars spread over lines, comments and text inside scalars are one value each, or none.
    assert!(check_with(
        "a: one two three\n  four five six\nb: '[x, y, z, w]' # [p, q, r]\nc: |\n  - u\n  - v\n",
        &limits
    )
    .is_ok());
}

#[test]
fn the_files_runsheet_writes_are_far_under_the_values_limit() {
    // One check as bench/checks.sh writes it, 10,000 times: about 150,000 values, under a third of the limit.
    let check = "  - name: health-1\n    http: { url: \"{{ base_url }}/api/health?i=1\", timeout: 5s }\n    conditions: [\"[STATUS] == 200\", \"[BODY].status == healthy\", \"[BODY].checks.database.status == pass\"]\n";
    let text = format!("checks:\n{}", check.repeat(10_000));
    accepted(&text);
    let limits = Limits { values: MAX_VALUES / 3, ..Limits::DEFAULT };
    assert!(check_with(&text, &limits).is_ok());
    let limits = Limits { values: 140_000, ..Limits::DEFAULT };
    assert!(check_with(&text, &limits).is_err());
}

proptest! {
    /// Any text is accepted or refused at a position inside it, and nothing panics.
    #[test]
    fn any_text_is_accepted_or_refused_at_a_position_inside_it(text in "[\\[\\]{}:,'\"#|>?&*!\\- \t\n\r\\\\a-c]{0,300}") {
        if let Err(e) = check_with(&text, &Limits { bytes: 200, depth: 6, values: 40 }) {
            let lines = text.split('\n').count();
            prop_assert!(e.line >= 1 && e.line <= lines, "{} of {}", e.line, lines);
            let width = text.split('\n').nth(e.line - 1).map_or(0, |l| l.chars().count());
            prop_assert!(e.column >= 1 && e.column <= width + 1, "column {} of {}", e.column, width);
        }
    }

    /// Nesting written any way is refused exactly when it is deeper than the limit.
    #[test]
    fn nesting_is_refused_exactly_past_the_limit(depth in 1usize..130, style in 0usize..4) {
        let text = match style {
            0 => flow_seqs(depth),
            1 => flow_maps(depth),
            2 => block_maps(depth),
            _ => block_seqs(depth),
        };
        prop_assert_eq!(check(&text).is_ok(), depth <= MAX_DEPTH);
    }
}

#[test]
fn counts_the_values_it_checks() {
    let count = |text: &str| check_counting(text).expect("within the limits");
    assert_eq!(count("a: [1, 2, 3]\n") - count("a: [1]\n"), 2);
    assert_eq!(count("- a\n- b\n- c\n") - count("- a\n"), 2);
    assert_eq!(count("a: {b: 1, c: 2}\n") - count("a: {b: 1}\n"), 2);
    assert!(check_counting(&"[".repeat(100)).is_err());
}
