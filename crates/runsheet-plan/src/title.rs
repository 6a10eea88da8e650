//! Tidying titles: numbering (`1.`, `1.2`, `A.`, `Phase 2:`, `Step 3 -`), emoji, check marks and the remains of
//! emoji that could not be repaired are taken off; what is left is the title. The original is kept by the caller.

use unicode_properties::UnicodeEmoji;

/// Words that number a heading when followed by a number: `Phase 2:`, `Step 1.1 -`.
const NUMBERING_WORDS: [&str; 6] = ["phase", "step", "stage", "part", "section", "task"];

/// Check marks and boxes that are not emoji but mark list items.
const MARKS: [char; 9] = ['✓', '✗', '✘', '☐', '☑', '☒', '□', '■', '•'];

/// Tidies a heading or item text. `leftovers` are garbled texts the encoding repair had to leave (`ğŸ¯`).
pub(crate) fn tidy(title: &str, leftovers: &[String]) -> String {
    // One pass: decoration out, whitespace collapsed.
    let mut text = String::with_capacity(title.len());
    for c in title.chars() {
        if c.is_whitespace() {
            if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
        } else if !is_decoration(c) {
            text.push(c);
        }
    }
    let mut text = text.trim_end();
    // Leftovers of emoji at either end.
    let mut changed = !leftovers.is_empty();
    while changed {
        changed = false;
        for left in leftovers {
            if let Some(rest) = text.strip_prefix(left.as_str()) {
                text = rest.trim_start();
                changed = true;
            }
            if let Some(rest) = text.strip_suffix(left.as_str()) {
                text = rest.trim_end();
                changed = true;
            }
        }
    }
    let numbered = strip_numbering(text);
    if !numbered.is_empty() {
        text = numbered;
    }
    text.trim_end_matches([':', ' ']).trim_start_matches(['-', '–', '—', ' ']).to_string()
}

/// Whether a character is decoration in a title: an emoji (not ©, ®, ™ or an arrow, which are words too), a
/// variation selector or joiner, a check mark.
pub(crate) fn is_decoration(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    if MARKS.contains(&c) {
        return true;
    }
    if matches!(c, '©' | '®' | '™' | '‼' | '⁉' | 'ℹ' | 'Ⓜ' | '\u{2194}'..='\u{21AA}' | '\u{3030}' | '\u{303D}')
    {
        return false;
    }
    c.is_emoji_char_or_emoji_component()
}

/// `1. X`, `1.2 X`, `2) X`, `A. X`, `Phase 2: X`, `Step 1.1 - X`, `IV. X` → `X`; anything else unchanged.
fn strip_numbering(text: &str) -> &str {
    for word in NUMBERING_WORDS {
        let head = text.get(..word.len());
        if head.is_some_and(|h| h.eq_ignore_ascii_case(word)) {
            let rest = text[word.len()..].trim_start();
            if let Some(after) = strip_number(rest, true) {
                return after;
            }
        }
    }
    strip_number(text, false).unwrap_or(text)
}

/// Strips a leading number and its separator; `after_word` allows `2:` and `3 -` (after `Phase`, `Step`).
fn strip_number(text: &str, after_word: bool) -> Option<&str> {
    let digits = text.chars().take_while(|c| c.is_ascii_digit() || *c == '.').count();
    let (number, rest) = if digits > 0 && text.starts_with(|c: char| c.is_ascii_digit()) {
        text.split_at(digits)
    } else {
        let first = text.chars().next()?;
        let roman = text.chars().take_while(|c| matches!(c, 'I' | 'V' | 'X')).count();
        let letters = if roman > 1 {
            roman
        } else if first.is_ascii_uppercase() {
            1
        } else {
            return None;
        };
        let with_dot = if text[letters..].starts_with('.') { letters + 1 } else { letters };
        text.split_at(with_dot)
    };
    let dotted = number.trim_end_matches('.').contains('.');
    let ends_with_dot = number.ends_with('.');
    let is_digit = number.starts_with(|c: char| c.is_ascii_digit());
    let separators: &[char] = if after_word { &[':', '.', ')', '-', '–', '—'] } else { &[')'] };
    let trimmed = rest.trim_start();
    let (after, separated) = match trimmed.strip_prefix(separators) {
        Some(after) => (after, true),
        None => (trimmed, false),
    };
    let spaced = rest.starts_with(char::is_whitespace) || separated;
    let ok = if after_word {
        is_digit || number.len() <= 4
    } else if is_digit {
        (ends_with_dot || dotted || separated) && spaced
    } else {
        // `A. X`, `IV. X`: a letter only with its dot, so `A Day in` is left alone.
        ends_with_dot && rest.starts_with(char::is_whitespace)
    };
    let after = after.trim_start();
    (ok && spaced && !after.is_empty()).then_some(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> String {
        tidy(s, &["ğŸ¯".to_string()])
    }

    #[test]
    fn numbering_is_removed() {
        assert_eq!(t("1. Blue-Green Deployment Strategy"), "Blue-Green Deployment Strategy");
        assert_eq!(t("1.2 Database"), "Database");
        assert_eq!(t("2) Rollback"), "Rollback");
        assert_eq!(t("A. GCP Infrastructure Setup"), "GCP Infrastructure Setup");
        assert_eq!(t("PHASE 1: PRE-DEPLOYMENT (1.5 hours before)"), "PRE-DEPLOYMENT (1.5 hours before)");
        assert_eq!(t("Phase 2: Deploy"), "Deploy");
        assert_eq!(t("Step 3 - Verify"), "Verify");
        assert_eq!(t("Step 1.1: Team Assembly"), "Team Assembly");
        assert_eq!(t("IV. Sign-off"), "Sign-off");
    }

    #[test]
    fn meaningful_numbers_stay() {
        for s in [
            "3-Week Implementation Timeline",
            "24-HOUR MONITORING PROTOCOL",
            "2 Factor auth",
            "Days 1-2: Setup",
            "A Day in the life",
            "Phase 1",
            "Deployment Day",
            "v1.2 release",
            "I/O checks",
        ] {
            assert_eq!(t(s), s, "{s}");
        }
    }

    #[test]
    fn emoji_and_leftovers_are_removed() {
        assert_eq!(
            t("🚀 Aangan Production Readiness Implementation Plan"),
            "Aangan Production Readiness Implementation Plan"
        );
        assert_eq!(t("🏗️ IMPLEMENTATION DETAILS"), "IMPLEMENTATION DETAILS");
        assert_eq!(t("ğŸ¯ DEPLOYMENT OBJECTIVES"), "DEPLOYMENT OBJECTIVES");
        assert_eq!(t("✅ All tests passing ⭐"), "All tests passing");
        assert_eq!(t("Acme® Deploy → Green"), "Acme® Deploy → Green");
        assert_eq!(t("Deployment:"), "Deployment");
        assert_eq!(t("🎉"), "");
    }
}
