//! Reading a large checks file on several cores.
//!
//! A checks file of 10,000 checks (1.9 MB) took about 100 ms to read on one core, before any check could start:
//! libyaml's events and their deserialisation are sequential. The checks list, though, is a block sequence whose
//! entries start on lines of their own at one indentation, so the file splits into pieces at entry boundaries:
//! the head (everything but the entries, with `checks: []`), and runs of whole entries, each read on its own
//! thread as a YAML sequence.
//!
//! Only a plain file takes this path; anything the split could misread is read whole, as before:
//! - anchors, aliases, tags and merge keys (a piece could refer to a node in another);
//! - several documents, directives, tabs or carriage returns;
//! - a `checks:` key that is not a single top-level line, or entries not all at one indentation.
//!
//! A piece that fails to read proves nothing about where the file is wrong, so then the whole file is read as
//! before: its error, line and column are exactly the ones the one-piece read gives. A broken file then costs its
//! read in pieces (about half a whole read on two cores) and a whole read. So that this never makes a file slower
//! to refuse than the largest file the limits allow read whole, only a file of at most [`MAX_VALUES`] values (60 %
//! of [`yaml_limits::MAX_VALUES`]) is read in pieces: 1.5 × 60 % stays under the largest file's time.

use runsheet_core::yaml_limits;

use super::{CheckSpec, ChecksFile};

/// Below this size a file is read in one piece: the threads would cost more than they save.
const MIN_BYTES: usize = 256 * 1024;

/// Most pieces the entries are cut into.
const MAX_PIECES: usize = 4;

/// Above this many values a file is read whole (see the module's documentation).
const MAX_VALUES: usize = yaml_limits::MAX_VALUES * 3 / 5;

/// The file cut into a head and runs of checks.
#[derive(Debug, PartialEq)]
struct Split<'a> {
    /// The file without its check entries, `checks: []` in their place.
    head: String,
    /// Runs of whole entries, in file order: each a YAML block sequence.
    pieces: Vec<&'a str>,
}

/// Reads `text`, which holds `values` values, in pieces on several threads, if it is large and plain enough to split
/// safely and the machine has more than one core. `None` means "read it whole": not splittable, or a piece did not
/// read.
pub(super) fn read_in_pieces(text: &str, values: usize) -> Option<ChecksFile> {
    if text.len() < MIN_BYTES || values > MAX_VALUES {
        return None;
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    read(&split(text, cores.min(MAX_PIECES))?)
}

/// Reads the head on this thread and the pieces on one thread each (the first on this one). `None` if any fails.
fn read(split: &Split<'_>) -> Option<ChecksFile> {
    let (first, rest) = split.pieces.split_first()?;
    std::thread::scope(|scope| {
        let others: Vec<_> =
            rest.iter().map(|piece| scope.spawn(move || serde_norway::from_str::<Vec<CheckSpec>>(piece))).collect();
        // The head's `checks: []` is its only `checks` key: a second would be a duplicate field, refused here.
        let mut file: ChecksFile = serde_norway::from_str(&split.head).ok()?;
        file.checks = serde_norway::from_str(first).ok()?;
        for other in others {
            file.checks.extend(other.join().ok()?.ok()?);
        }
        Some(file)
    })
}

/// Cuts `text` into a head and up to `pieces` runs of entries of about equal size, or `None` if it should be
/// read whole.
fn split(text: &str, pieces: usize) -> Option<Split<'_>> {
    if pieces < 2 || !plain(text) {
        return None;
    }
    // The one top-level `checks:` line, with nothing after the colon but a comment.
    let mut checks_line = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("checks:") {
            let rest = rest.trim();
            if !(rest.is_empty() || rest.starts_with('#')) || checks_line.is_some() {
                return None;
            }
            checks_line = Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    let (key_start, list_start) = checks_line?;
    // The entries: lines at the first entry's indentation that start with `-`. The list ends at the first line
    // less indented than that (or, at indentation 0, at the first one that is not an entry).
    let mut indent = None;
    let mut starts = Vec::new();
    let mut list_end = text.len();
    let mut offset = list_start;
    for line in text[list_start..].split_inclusive('\n') {
        let content = line.trim_start_matches(' ');
        let column = line.len() - content.len();
        let blank = content.trim().is_empty() || content.starts_with('#');
        if !blank {
            let entry = content.starts_with("- ") || content.trim_end() == "-";
            match indent {
                None if entry => indent = Some(column),
                None => return None,
                Some(n) if column < n || (column == n && !entry && n == 0) => {
                    list_end = offset;
                    break;
                }
                Some(n) if column == n && !entry => return None,
                _ => {}
            }
            if Some(column) == indent && entry {
                starts.push(offset);
            }
        }
        offset += line.len();
    }
    if starts.len() < pieces * 2 {
        return None;
    }
    // Cut at the entry starts nearest to equal shares of the list's bytes.
    let size = list_end - starts[0];
    let mut bounds = vec![starts[0]];
    for k in 1..pieces {
        let target = starts[0] + size * k / pieces;
        let cut = starts[starts.partition_point(|&s| s < target).min(starts.len() - 1)];
        if cut > *bounds.last()? {
            bounds.push(cut);
        }
    }
    bounds.push(list_end);
    let pieces = bounds.windows(2).map(|w| &text[w[0]..w[1]]).collect();
    let head = format!("{}checks: []\n{}", &text[..key_start], &text[list_end..]);
    Some(Split { head, pieces })
}

/// Whether nothing in the text could make a piece read differently on its own: no anchor, alias or tag starting
/// a node, no merge key, no second document or directive, no tab or carriage return.
fn plain(text: &str) -> bool {
    if text.contains(['\t', '\r']) || text.contains("<<") {
        return false;
    }
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        // `&a`, `*a` or `!tag` where a node can start: at the start of a line or after a space, `[`, `{` or `,`.
        if matches!(b, b'&' | b'*' | b'!')
            && (i == 0 || matches!(bytes[i - 1], b' ' | b'\n' | b'[' | b'{' | b','))
            && bytes.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace())
        {
            return false;
        }
    }
    !text.split('\n').any(|l| l.starts_with("---") || l.starts_with("...") || l.starts_with('%'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(entries: usize, indent: &str) -> String {
        let mut text =
            String::from("# a comment\nenvironments:\n  e:\n    vars: { base: \"http://127.0.0.1:1\" }\nchecks:\n");
        for i in 0..entries {
            text.push_str(&format!(
                "{indent}- name: c{i}\n{indent}  http: {{ url: \"{{{{ base }}}}/?a=1&b={i}\" }}\n{indent}  conditions: [\"[STATUS] == 200\"]\n"
            ));
            if i % 3 == 0 {
                text.push_str("\n# between entries\n");
            }
        }
        text.push_str("version: 1\n");
        text
    }

    #[test]
    fn cuts_at_entries_and_keeps_every_line() {
        for indent in ["", "  ", "    "] {
            let text = file(40, indent);
            let split = split(&text, 3).expect("splits");
            assert_eq!(split.pieces.len(), 3);
            assert!(split.pieces.iter().all(|p| p.starts_with(&format!("{indent}- name: c"))), "{indent:?}");
            assert_eq!(split.pieces.concat().lines().count() + split.head.lines().count(), text.lines().count());
            assert!(split.head.contains("checks: []\n") && split.head.ends_with("version: 1\n"));
        }
    }

    #[test]
    fn the_pieces_read_as_the_whole_file_does() {
        for indent in ["", "  "] {
            let text = file(30, indent);
            let whole: ChecksFile = serde_norway::from_str(&text).expect("reads whole");
            assert_eq!(read(&split(&text, 2).expect("splits")), Some(whole));
        }
    }

    #[test]
    fn what_could_read_differently_is_read_whole() {
        let base = file(40, "  ");
        let cases = [
            base.replace("- name: c5\n", "- name: &n c5\n"),
            base.replace("- name: c5\n", "- name: !!str c5\n"),
            base.replace("conditions: [\"[STATUS] == 200\"]\n", "conditions: *shared\n"),
            base.replace("version: 1\n", "version: 1\n---\nchecks: []\n"),
            base.replace("- name: c7\n", "- name: c7\r\n"),
            base.replace("- name: c7\n", "-\tname: c7\n"),
            base.replace("- name: c7\n", "- <<: {}\n    name: c7\n"),
            // a second `checks:` line, a `checks:` with an inline value, an entry out of line
            format!("{base}checks:\n  - name: again\n"),
            base.replace("checks:\n", "checks: # the list\n").replace("version: 1\n", "checks: []\n"),
            base.replace("checks:\n", "checks: []\nx:\n"),
            base.replace("  - name: c9\n", "  name: c9\n"),
        ];
        for (i, text) in cases.iter().enumerate() {
            assert_ne!(text, &base, "case {i} changes the file");
            assert!(split(text, 2).is_none(), "case {i} must be read whole");
        }
        // Ampersands and asterisks inside values are not anchors or aliases.
        assert!(split(&base.replace("version: 1\n", "x: \"2*3\"\n"), 2).is_some());
        assert!(split(&base, 2).is_some());
        // Too few entries to share out.
        assert!(split(&file(3, "  "), 2).is_none());
    }

    #[test]
    fn a_large_file_reads_in_pieces_and_a_broken_one_reports_where_as_before() {
        let text = file(3000, "  ");
        assert!(text.len() >= MIN_BYTES);
        let whole: ChecksFile = serde_norway::from_str(&text).expect("reads whole");
        // In two pieces whatever this machine's cores (`read_in_pieces` cuts one piece per core).
        assert_eq!(read(&split(&text, 2).expect("splits")).as_ref(), Some(&whole));
        let values = yaml_limits::check_counting(&text).expect("within the limits");
        assert!(read_in_pieces(&text, MAX_VALUES + 1).is_none(), "too many values to read in pieces");
        assert_eq!(ChecksFile::parse(&text, "big.yaml").expect("parses"), whole);

        // An unknown key in the last check: no piece reads, so the file is read whole, for the same error.
        let broken = text.replace("  - name: c2999\n", "  - name: c2999\n    bogus: 1\n");
        let line = broken.lines().position(|l| l == "    bogus: 1").expect("the broken line") + 1;
        assert!(read(&split(&broken, 2).expect("splits")).is_none());
        assert!(read_in_pieces(&broken, values).is_none());
        match ChecksFile::parse(&broken, "big.yaml") {
            Err(crate::Error::Config { file, line: Some(l), message, .. }) => {
                assert_eq!((file.as_str(), l), ("big.yaml", line), "{message}");
                assert!(message.contains("bogus"), "{message}");
            }
            other => panic!("expected a positioned error, got {other:?}"),
        }
    }

    fn entry() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let name = "[a-z0-9:#&*'\"-]{1,12}";
        let description = prop_oneof![
            Just(String::new()),
            "[a-z&*#-]{0,20}".prop_map(|d| format!("  description: |\n    x{d}\n    - not an entry\n\n    checks:\n")),
            "[a-z ]{0,20}".prop_map(|d| format!("  description: \"{d}\n    - still a string\"\n")),
        ];
        (name, description, 1..4usize).prop_map(|(name, description, n)| {
            let conditions = ["[STATUS] == 200", "[BODY].ok == true", "[RESPONSE_TIME] < 500"][..n].join("\", \"");
            format!(
                "- name: {name:?}\n{description}  tcp: {{ host: 127.0.0.1, port: 1 }}\n  conditions: [\"{conditions}\"]\n"
            )
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Whatever a file holds, and wherever it is broken, reading it in pieces gives what reading it whole gives,
        /// or gives up (and the file is read whole, for its error): never different checks, never a file the whole
        /// read refuses.
        #[test]
        fn pieces_read_as_the_whole_file(
            entries in proptest::collection::vec(entry(), 4..24),
            indent in 0..3usize,
            cut in proptest::option::of((0..4000usize, "[-:\\[\\]{}\"' a#\n]{0,2}")),
        ) {
            let pad = " ".repeat(indent * 2);
            let mut text = String::from("environments:\n  e: {}\nchecks:\n");
            for e in &entries {
                for line in e.lines() {
                    text.push_str(if line.is_empty() { "" } else { &pad });
                    text.push_str(line);
                    text.push('\n');
                }
            }
            text.push_str("version: 1\n");
            let mutated = cut.is_some();
            if let Some((at, with)) = cut {
                let mut at = at.min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let end = text[at..].char_indices().nth(1).map_or(text.len(), |(i, _)| at + i);
                text.replace_range(at..end, &with);
            }
            let whole = serde_norway::from_str::<ChecksFile>(&text).ok();
            if let Some(split) = split(&text, 3) {
                match read(&split) {
                    // Read in pieces: exactly what the whole file gives, and never a file the whole read refuses.
                    Some(pieced) => proptest::prop_assert_eq!(Some(pieced), whole, "{}", text),
                    // Not read in pieces (then read whole): a file the whole read refuses, or one broken on purpose.
                    None => proptest::prop_assert!(
                        whole.is_none() || mutated,
                        "a well-formed file was not read in pieces:\n{}",
                        text
                    ),
                }
            }
        }
    }
}
