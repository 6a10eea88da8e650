//! The condition parser: a small hand-written scanner over characters, so every error can name its column.
//!
//! A condition is `left operator right`. The operator is found first: a run of `=!<>` with a space on both sides,
//! outside parentheses (as Gatus splits on `" == "`). Then each side is read: a function call `len(…)`, `has(…)`,
//! `pat(…)`, `any(…)`; a placeholder `[NAME]` with its path; or else a literal, taken as written.

use crate::condition::{Condition, JsonPath, Literal, Operand, Operator, Placeholder, Segment, Span};
use crate::pattern::Pattern;
use crate::{ConditionError, Result};

/// The longest condition accepted, in bytes.
pub const MAX_CONDITION_BYTES: usize = 4096;

const FUNCTIONS: [&str; 4] = ["len", "has", "pat", "any"];

pub(crate) fn parse(source: &str) -> Result<Condition> {
    if source.len() > MAX_CONDITION_BYTES {
        let index = source.char_indices().take_while(|(byte, _)| *byte < MAX_CONDITION_BYTES).count();
        return Err(ConditionError::at(
            source,
            index,
            format!("the condition is {} bytes long; the limit is {MAX_CONDITION_BYTES} (4 KiB)", source.len()),
        ));
    }
    Parser { source, chars: source.chars().collect() }.condition()
}

struct Parser<'a> {
    source: &'a str,
    chars: Vec<char>,
}

fn is_operator_char(c: char) -> bool {
    matches!(c, '=' | '!' | '<' | '>')
}

/// A character allowed in an HTTP header name (RFC 9110 `tchar`).
fn is_header_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

impl Parser<'_> {
    fn err(&self, index: usize, message: impl Into<String>) -> ConditionError {
        ConditionError::at(self.source, index.min(self.chars.len()), message)
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars[start..end].iter().collect()
    }

    /// The range without leading and trailing whitespace.
    fn trim(&self, mut start: usize, mut end: usize) -> (usize, usize) {
        while start < end && self.chars[start].is_whitespace() {
            start += 1;
        }
        while end > start && self.chars[end - 1].is_whitespace() {
            end -= 1;
        }
        (start, end)
    }

    fn condition(&self) -> Result<Condition> {
        if let Some(index) = self.chars.iter().position(|c| c.is_control() && *c != '\t') {
            return Err(self.err(
                index,
                format!("control character U+{:04X}: a condition is one line of text", self.chars[index] as u32),
            ));
        }
        let (start, end) = self.trim(0, self.chars.len());
        if start == end {
            return Err(self.err(0, "the condition is empty; write one such as `[STATUS] == 200`"));
        }
        let (op_start, op_end, operator) = self.operator()?;

        let (ls, le) = self.trim(0, op_start);
        if ls == le {
            return Err(
                self.err(op_start, format!("nothing on the left of `{operator}`, e.g. `[STATUS] {operator} 200`"))
            );
        }
        let (rs, re) = self.trim(op_end, self.chars.len());
        if rs == re {
            return Err(
                self.err(op_start, format!("nothing on the right of `{operator}`, e.g. `[STATUS] {operator} 200`"))
            );
        }
        let left = self.operand(ls, le)?;
        let right = self.operand(rs, re)?;

        if left.is_matcher() && right.is_matcher() {
            return Err(self.err(rs, "both sides are `pat()` or `any()`: one side must be a value such as `[BODY]`"));
        }
        if operator.is_ordering() {
            for (operand, at) in [(&left, ls), (&right, rs)] {
                let name = match operand {
                    Operand::Pattern(_) => "pat()",
                    Operand::AnyOf(_) => "any()",
                    _ => continue,
                };
                return Err(self.err(at, format!("`{name}` works only with `==` and `!=`, not `{operator}`")));
            }
        }
        Ok(Condition {
            source: self.source.to_string(),
            left,
            operator,
            right,
            left_span: Span { column: ls + 1, length: le - ls },
            operator_span: Span { column: op_start + 1, length: op_end - op_start },
            right_span: Span { column: rs + 1, length: re - rs },
        })
    }

    /// Finds the one operator: a run of `=!<>` with a space (or the start or end) on both sides, outside parentheses.
    fn operator(&self) -> Result<(usize, usize, Operator)> {
        let c = &self.chars;
        let n = c.len();
        let mut open: Vec<usize> = Vec::new();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < n {
            match c[i] {
                '\\' => {
                    i += 2;
                    continue;
                }
                '(' => open.push(i),
                // The guard pops the matching `(`; only an unmatched `)` takes this arm.
                ')' if open.pop().is_none() => return Err(self.err(i, "`)` without a matching `(`")),
                ch if open.is_empty() && is_operator_char(ch) && (i == 0 || c[i - 1] == ' ') => {
                    let mut j = i;
                    while j < n && is_operator_char(c[j]) {
                        j += 1;
                    }
                    if j == n || c[j] == ' ' {
                        runs.push((i, j));
                    }
                    i = j;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        if let Some(&first) = open.first() {
            return Err(self.err(first, "unclosed `(`: add the matching `)`"));
        }
        let valid: Vec<(usize, usize, Operator)> =
            runs.iter().filter_map(|&(s, e)| Operator::from_text(&self.text(s, e)).map(|op| (s, e, op))).collect();
        match valid.as_slice() {
            [one] => Ok(*one),
            [] => match runs.first() {
                Some(&(s, e)) => Err(self.err(s, unknown_operator(&self.text(s, e)))),
                None => Err(self.no_operator()),
            },
            [_, (s, _, op), ..] => Err(self.err(
                *s,
                format!(
                    "a second operator `{op}`: a condition compares two values; write each comparison as a \
                     condition of its own"
                ),
            )),
        }
    }

    /// The error for a condition with no spaced operator: an operator without spaces, an unknown one, or none.
    fn no_operator(&self) -> ConditionError {
        let c = &self.chars;
        let n = c.len();
        let mut depth = 0usize;
        let mut i = 0;
        while i < n {
            match c[i] {
                '\\' => {
                    i += 2;
                    continue;
                }
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                ch if depth == 0 && is_operator_char(ch) => {
                    let mut j = i;
                    while j < n && is_operator_char(c[j]) {
                        j += 1;
                    }
                    let run = self.text(i, j);
                    if let Some(op) = Operator::from_text(&run) {
                        let before = self.text(0, i);
                        let after = self.text(j, n);
                        let fixed = format!("{} {op} {}", before.trim_end(), after.trim_start());
                        return self.err(i, format!("operator `{op}` needs a space on both sides: `{}`", fixed.trim()));
                    }
                    if run.contains('=') || run == "<>" {
                        return self.err(i, unknown_operator(&run));
                    }
                    i = j;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        // A word of punctuation between spaces, such as `?` or `~=`, is meant as an operator.
        let mut start = 0;
        for (index, ch) in c.iter().chain(std::iter::once(&' ')).enumerate() {
            if *ch == ' ' {
                let word = self.text(start, index);
                if !word.is_empty()
                    && start > 0
                    && word.chars().count() <= 3
                    && word.chars().all(|w| "?~:&|%^=!<>".contains(w))
                {
                    return self.err(start, unknown_operator(&word));
                }
                start = index + 1;
            }
        }
        let (_, end) = self.trim(0, n);
        self.err(
            (end + 1).min(n),
            "no operator: compare two values with `==`, `!=`, `<`, `<=`, `>` or `>=`, with a space on both sides, \
             e.g. `[STATUS] == 200`",
        )
    }

    /// One side of the condition, `start..end` already trimmed and not empty.
    fn operand(&self, start: usize, end: usize) -> Result<Operand> {
        self.no_operator_words(start, end)?;
        let first = self.chars[start];
        if first.is_ascii_alphabetic() {
            let mut j = start;
            while j < end && (self.chars[j].is_ascii_alphanumeric() || self.chars[j] == '_') {
                j += 1;
            }
            if j < end && self.chars[j] == '(' {
                return self.function(start, j, end);
            }
        }
        if first == '[' {
            if let Some(placeholder) = self.placeholder(start, end)? {
                return Ok(Operand::Placeholder(placeholder));
            }
        }
        Ok(Operand::Literal(Literal::new(self.text(start, end))))
    }

    /// Refuses a word of operator characters between spaces inside a side (`[BODY] == a < b`, or `<` before a tab):
    /// it would read as a second operator, and the condition would not read back the same once respaced.
    fn no_operator_words(&self, start: usize, end: usize) -> Result<()> {
        let c = &self.chars;
        let mut depth = 0usize;
        let mut word: Option<(usize, bool)> = None;
        let mut i = start;
        while i <= end {
            let ch = if i == end { ' ' } else { c[i] };
            if ch.is_whitespace() {
                if let Some((at, true)) = word {
                    let text = self.text(at, i);
                    return Err(self.err(
                        at,
                        format!("`{text}` between spaces reads as a second operator: a condition compares two values"),
                    ));
                }
                word = None;
            } else {
                if word.is_none() {
                    word = Some((i, depth == 0));
                }
                if !is_operator_char(ch) {
                    word = word.map(|(at, _)| (at, false));
                }
                match ch {
                    '\\' => i += 1,
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            i += 1;
        }
        Ok(())
    }

    /// `name(...)` with `(` at `open`; the call must end at `end`.
    fn function(&self, start: usize, open: usize, end: usize) -> Result<Operand> {
        let name = self.text(start, open);
        let close =
            self.matching_paren(open, end).ok_or_else(|| self.err(open, "unclosed `(`: add the matching `)`"))?;
        if close + 1 != end {
            let (extra, _) = self.trim(close + 1, end);
            return Err(self.err(extra, format!("unexpected `{}` after `{name}(…)`", self.text(extra, end).trim())));
        }
        match name.as_str() {
            "len" | "has" => {
                let (is, ie) = self.trim(open + 1, close);
                let example = if name == "len" { "len([BODY].items)" } else { "has([BODY].errors)" };
                let takes = || self.err(is, format!("`{name}()` takes a placeholder such as `{example}`"));
                if is == ie || self.chars[is] != '[' {
                    return Err(takes());
                }
                let placeholder = self.placeholder(is, ie)?.ok_or_else(takes)?;
                Ok(if name == "len" { Operand::Len(placeholder) } else { Operand::Has(placeholder) })
            }
            "pat" => Pattern::compile(&self.text(open + 1, close))
                .map(Operand::Pattern)
                .map_err(|e| self.err(open + 1 + e.index, e.message)),
            "any" => {
                let (is, ie) = self.trim(open + 1, close);
                if is == ie {
                    return Err(self.err(open, "`any()` needs at least one value, e.g. `any(200, 204)`"));
                }
                let mut values = Vec::new();
                let mut part_start = open + 1;
                for i in open + 1..=close {
                    if i == close || self.chars[i] == ',' {
                        let (ps, pe) = self.trim(part_start, i);
                        if ps == pe {
                            return Err(self.err(i, "empty value in `any()`: remove the extra comma"));
                        }
                        values.push(Literal::new(self.text(ps, pe)));
                        part_start = i + 1;
                    }
                }
                Ok(Operand::AnyOf(values))
            }
            _ => {
                let hint = match suggest(&name, &FUNCTIONS) {
                    Some(s) => format!(" (did you mean `{s}()`?)"),
                    None => ": the functions are `len()`, `has()`, `pat()` and `any()`".to_string(),
                };
                Err(self.err(start, format!("unknown function `{name}()`{hint}")))
            }
        }
    }

    /// The `)` that closes the `(` at `open`, before `end`.
    fn matching_paren(&self, open: usize, end: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut i = open;
        while i < end {
            match self.chars[i] {
                '\\' => i += 1,
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// `[NAME]` and what follows, at `start..end` (`chars[start]` is `[`). `None` when it is not meant as a
    /// placeholder (`[1 2]`, `[]`): that is a literal.
    fn placeholder(&self, start: usize, end: usize) -> Result<Option<Placeholder>> {
        let c = &self.chars;
        let mut j = start + 1;
        if j >= end || !(c[j].is_ascii_alphabetic() || c[j] == '_') {
            return Ok(None);
        }
        while j < end && (c[j].is_ascii_alphanumeric() || c[j] == '_') {
            j += 1;
        }
        let name = self.text(start + 1, j);
        let upper = name.to_ascii_uppercase();
        if j >= end || c[j] != ']' {
            if Placeholder::NAMES.contains(&upper.as_str()) {
                return Err(self.err(start, format!("unclosed `[`: write `[{upper}]`")));
            }
            return Ok(None);
        }
        let rest = j + 1;
        let simple = |p: Placeholder| {
            if rest < end {
                Err(self.err(rest, format!("`[{upper}]` takes no path: unexpected `{}`", self.text(rest, end))))
            } else {
                Ok(Some(p))
            }
        };
        match upper.as_str() {
            "STATUS" => simple(Placeholder::Status),
            "RESPONSE_TIME" => simple(Placeholder::ResponseTime),
            "CERTIFICATE_EXPIRATION" => simple(Placeholder::CertificateExpiration),
            "CONNECTED" => simple(Placeholder::Connected),
            "DNS_RCODE" => simple(Placeholder::DnsRcode),
            "IP" => simple(Placeholder::Ip),
            "EXIT_CODE" => simple(Placeholder::ExitCode),
            "BODY" => Ok(Some(Placeholder::Body(self.json_path(start, rest, end)?))),
            "RESULT" => Ok(Some(Placeholder::Result(self.json_path(start, rest, end)?))),
            "HEADER" => Ok(Some(Placeholder::Header(self.header_name(rest, end)?))),
            "DOMAIN_EXPIRATION" => Err(self.err(
                start,
                "`[DOMAIN_EXPIRATION]` is a Gatus placeholder that Runsheet does not support (it makes no WHOIS \
                 lookups); check the certificate with `[CERTIFICATE_EXPIRATION]`",
            )),
            "CONTEXT" => Err(self.err(
                start,
                "`[CONTEXT]` (from Gatus suites) is not supported: a Runsheet check has no context; use `{{ vars }}` \
                 in the check instead",
            )),
            _ => {
                let hint = match suggest(&upper, &Placeholder::NAMES) {
                    Some(s) => format!(" (did you mean `[{s}]`?)"),
                    None => format!(
                        ": the placeholders are {}",
                        Placeholder::NAMES.iter().map(|n| format!("`[{n}]`")).collect::<Vec<_>>().join(", ")
                    ),
                };
                Err(self.err(start, format!("unknown placeholder `[{name}]`{hint}")))
            }
        }
    }

    /// `.key`, `[index]` steps from `start` to `end`; `head` is where the placeholder began (for messages).
    fn json_path(&self, head: usize, start: usize, end: usize) -> Result<JsonPath> {
        let c = &self.chars;
        let mut segments = Vec::new();
        let mut i = start;
        while i < end {
            match c[i] {
                '.' => {
                    let mut j = i + 1;
                    while j < end && c[j] != '.' && c[j] != '[' {
                        if c[j] == ']' {
                            return Err(self.err(j, "unexpected `]` in the path: an index is written `[0]`"));
                        }
                        j += 1;
                    }
                    if j == i + 1 {
                        return Err(
                            self.err(i, format!("empty field name after `{}.`: write `.name`", self.text(head, i)))
                        );
                    }
                    segments.push(Segment::Key(self.text(i + 1, j)));
                    i = j;
                }
                '[' => {
                    let Some(close) = (i + 1..end).find(|&j| c[j] == ']') else {
                        return Err(self.err(i, "unclosed `[` in the path: an index is written `[0]`"));
                    };
                    let inner = self.text(i + 1, close);
                    if inner == "*" {
                        return Err(self.err(
                            i,
                            "`[*]` (every element) is not supported, as in Gatus: use an index such as `[0]`, or \
                             `len(...)` to count the elements",
                        ));
                    }
                    if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
                        let index: usize =
                            inner.parse().map_err(|_| self.err(i + 1, format!("the index `{inner}` is too large")))?;
                        segments.push(Segment::Index(index));
                    } else if inner.len() > 1
                        && inner.starts_with('-')
                        && inner[1..].bytes().all(|b| b.is_ascii_digit())
                    {
                        return Err(self.err(
                            i + 1,
                            format!("an array index cannot be negative (`[{inner}]`): `[0]` is the first element"),
                        ));
                    } else {
                        return Err(
                            self.err(i + 1, format!("an array index is a whole number such as `[0]`, not `[{inner}]`"))
                        );
                    }
                    i = close + 1;
                }
                other => {
                    return Err(self.err(
                        i,
                        format!(
                            "unexpected `{other}` after `{}`: a JSON path goes on with `.field` or `[index]`",
                            self.text(head, i)
                        ),
                    ))
                }
            }
        }
        Ok(JsonPath { segments })
    }

    /// `.Name` after `[HEADER]`.
    fn header_name(&self, start: usize, end: usize) -> Result<String> {
        let needs = "`[HEADER]` needs a header name, e.g. `[HEADER].Content-Type`";
        if start >= end || start + 1 == end && self.chars[start] == '.' {
            return Err(self.err(start.saturating_sub(1), needs));
        }
        if self.chars[start] != '.' {
            return Err(self.err(start, format!("unexpected `{}` after `[HEADER]`: {needs}", self.chars[start])));
        }
        if let Some(bad) = (start + 1..end).find(|&i| !is_header_char(self.chars[i])) {
            return Err(self.err(bad, format!("`{}` cannot be part of a header name", self.chars[bad])));
        }
        Ok(self.text(start + 1, end))
    }
}

fn unknown_operator(text: &str) -> String {
    let instead = match text {
        "=" | "===" => Some("=="),
        "=>" => Some(">="),
        "=<" => Some("<="),
        "<>" | "!" | "!==" | "=!" => Some("!="),
        _ => None,
    };
    match instead {
        Some(op) => format!("unknown operator `{text}` (use `{op}`)"),
        None => format!("unknown operator `{text}`: use `==`, `!=`, `<`, `<=`, `>` or `>=`"),
    }
}

/// The known name closest to `name` (case-insensitive), if it is close enough to be a typo.
pub(crate) fn suggest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let upper = name.to_ascii_uppercase();
    let mut best: Option<(usize, &str)> = None;
    for &k in known {
        let ku = k.to_ascii_uppercase();
        let distance = if ku == upper { 0 } else { edit_distance(&upper, &ku) };
        let close =
            distance <= 2.max(ku.len() / 4) || (upper.len() >= 3 && (ku.starts_with(&upper) || upper.starts_with(&ku)));
        if close && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, k));
        }
    }
    best.map(|(_, k)| k)
}

/// Levenshtein distance over characters (names here are short).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("STAUS", &Placeholder::NAMES), Some("STATUS"));
        assert_eq!(suggest("RESPONSETIME", &Placeholder::NAMES), Some("RESPONSE_TIME"));
        assert_eq!(suggest("HEADERS", &Placeholder::NAMES), Some("HEADER"));
        assert_eq!(suggest("EXITCODE", &Placeholder::NAMES), Some("EXIT_CODE"));
        assert_eq!(suggest("WHATEVER", &Placeholder::NAMES), None);
        assert_eq!(suggest("length", &FUNCTIONS), Some("len"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
