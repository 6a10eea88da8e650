//! `pat(...)` glob patterns, as Gatus reads them (Go's `filepath.Match`): `*` any text, `?` one character,
//! `[abc]`, `[a-z]`, `[^a-z]` one character of (or not of) a set, `\x` the character `x` itself.
//!
//! Gatus removes `/` from both sides before matching so that `*` also covers `/`; here `*` and `?` match any
//! character, `/` included, which gives the same answers without changing the text.

/// A compiled pattern; equality compares the text as written.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Star,
    AnyChar,
    Char(char),
    Class { negated: bool, ranges: Vec<(char, char)> },
}

/// Why a pattern cannot be read: the 0-based character index within the pattern, and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PatternError {
    pub index: usize,
    pub message: String,
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Pattern {
    /// Compiles a pattern.
    pub(crate) fn compile(source: &str) -> Result<Pattern, PatternError> {
        let chars: Vec<char> = source.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '*' => {
                    if tokens.last() != Some(&Token::Star) {
                        tokens.push(Token::Star);
                    }
                    i += 1;
                }
                '?' => {
                    tokens.push(Token::AnyChar);
                    i += 1;
                }
                '\\' => {
                    let Some(&c) = chars.get(i + 1) else {
                        return Err(PatternError {
                            index: i,
                            message: "the pattern ends with `\\`; write `\\\\` for a backslash".into(),
                        });
                    };
                    tokens.push(Token::Char(c));
                    i += 2;
                }
                '[' => {
                    let (token, next) = compile_class(&chars, i)?;
                    tokens.push(token);
                    i = next;
                }
                c => {
                    tokens.push(Token::Char(c));
                    i += 1;
                }
            }
        }
        Ok(Pattern { source: source.to_string(), tokens })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the whole of `text` matches. Linear in practice, at worst pattern length × text length.
    pub fn matches(&self, text: &str) -> bool {
        let tokens = &self.tokens;
        let (mut p, mut t) = (0usize, 0usize);
        // After a `*`: the token after it, and where in the text the `*` stops for now.
        let mut star: Option<(usize, usize)> = None;
        loop {
            if p < tokens.len() {
                if tokens[p] == Token::Star {
                    star = Some((p + 1, t));
                    p += 1;
                    continue;
                }
                if let Some(c) = text[t..].chars().next() {
                    if token_matches(&tokens[p], c) {
                        p += 1;
                        t += c.len_utf8();
                        continue;
                    }
                }
            } else if t == text.len() {
                return true;
            }
            // Mismatch: let the last `*` take one more character, or fail.
            let Some((after_star, star_end)) = star else { return false };
            let Some(c) = text[star_end..].chars().next() else { return false };
            let next = star_end + c.len_utf8();
            star = Some((after_star, next));
            p = after_star;
            t = next;
        }
    }
}

fn token_matches(token: &Token, c: char) -> bool {
    match token {
        Token::Star | Token::AnyChar => true,
        Token::Char(x) => *x == c,
        Token::Class { negated, ranges } => ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated,
    }
}

/// Reads `[...]` starting at `start`; returns the token and the index after `]`.
fn compile_class(chars: &[char], start: usize) -> Result<(Token, usize), PatternError> {
    let unclosed = || PatternError {
        index: start,
        message: "unclosed `[` in the pattern; write `\\[` for the character `[` itself".into(),
    };
    let mut i = start + 1;
    let negated = chars.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    loop {
        let Some(&c) = chars.get(i) else { return Err(unclosed()) };
        if c == ']' && !ranges.is_empty() {
            return Ok((Token::Class { negated, ranges }, i + 1));
        }
        if c == ']' {
            return Err(PatternError {
                index: start,
                message: "empty `[]` in the pattern: list characters such as `[abc]`, or write `\\[` for `[`".into(),
            });
        }
        let (lo, after_lo) = class_char(chars, i).ok_or_else(unclosed)?;
        i = after_lo;
        let mut hi = lo;
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|c| *c != ']') {
            let (h, after_hi) = class_char(chars, i + 1).ok_or_else(unclosed)?;
            if h < lo {
                return Err(PatternError {
                    index: i - 1,
                    message: format!("the range `{lo}-{h}` in the pattern goes backwards; write `{h}-{lo}`"),
                });
            }
            hi = h;
            i = after_hi;
        }
        ranges.push((lo, hi));
    }
}

/// One character of a class, `\` escapes included; `None` at the end of the pattern.
fn class_char(chars: &[char], i: usize) -> Option<(char, usize)> {
    match chars.get(i)? {
        '\\' => chars.get(i + 1).map(|c| (*c, i + 2)),
        c => Some((*c, i + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, text: &str) -> bool {
        Pattern::compile(pattern).map(|p| p.matches(text)).unwrap_or_else(|e| panic!("{pattern}: {e:?}"))
    }

    /// Gatus's own cases (`pattern/pattern_test.go`).
    #[test]
    fn gatus_pattern_cases() {
        let cases = [
            ("*", "livingroom_123", true),
            ("**", "livingroom_123", true),
            ("living*", "livingroom_123", true),
            ("*living*", "livingroom_123", true),
            ("*123", "livingroom_123", true),
            ("*_*", "livingroom_123", true),
            ("living*_*3", "livingroom_123", true),
            ("living*room_*3", "livingroom_123", true),
            ("*vin*om*2*", "livingroom_123", true),
            ("livingroom_123", "livingroom_123", true),
            ("*livingroom_123*", "livingroom_123", true),
            ("*test*", "\\test", true),
            ("livingroom", "livingroom_123", false),
            ("livingroom123", "livingroom_123", false),
            ("what", "livingroom_123", false),
            ("*what*", "livingroom_123", false),
            ("*.*", "livingroom_123", false),
            ("room*123", "livingroom_123", false),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(m(pattern, text), expected, "pat({pattern}) on {text}");
        }
    }

    #[test]
    fn question_mark_classes_and_escapes() {
        assert!(m("4??", "404"));
        assert!(!m("4??", "40"));
        assert!(m("[23]0?", "204"));
        assert!(!m("[23]0?", "404"));
        assert!(m("[^45]*", "200"));
        assert!(!m("[^45]*", "503"));
        assert!(m("v[0-9].*", "v2.1"));
        assert!(m("\\*literal\\*", "*literal*"));
        assert!(!m("\\*literal\\*", "xliteralx"));
        assert!(m("*\\(x)*", "f(x)"));
        assert!(m("[-a]", "-"));
        assert!(m("[a-]", "-"));
    }

    #[test]
    fn star_crosses_slashes_and_multibyte_text() {
        assert!(m("*served by*", "<p>served by nginx/1.25</p>"));
        assert!(m("https://*/health", "https://example.test/api/health"));
        assert!(m("h?llo*", "héllo wörld"));
        assert!(m("*ö*", "wörld"));
        assert!(m("", ""));
        assert!(!m("", "x"));
    }

    #[test]
    fn malformed_patterns_are_errors_with_positions() {
        assert_eq!(Pattern::compile("*[abc").unwrap_err().index, 1);
        assert_eq!(Pattern::compile("ab\\").unwrap_err().index, 2);
        assert_eq!(Pattern::compile("x[]").unwrap_err().index, 1);
        assert_eq!(Pattern::compile("[z-a]").unwrap_err().index, 1);
    }

    #[test]
    fn pathological_pattern_stays_fast() {
        let text = "a".repeat(20_000);
        let pattern = format!("{}b", "*a".repeat(50));
        let started = std::time::Instant::now();
        assert!(!m(&pattern, &text));
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "did not finish in time");
    }
}
