//! Repairs mojibake: UTF-8 text that was once decoded with a Windows code page (`ðŸš€`, `âœ…` and the Turkish
//! `ğŸš€` instead of 🚀 and ✅; `ÐŸÑ€Ð¸Ð²ÐµÑ‚` instead of Привет).
//!
//! The idea is ftfy's: each run of characters that a code page can encode is encoded back to bytes with that code
//! page (windows-1252, windows-1254, then ISO-8859-1) and the bytes are read as UTF-8. A sequence is replaced only
//! where it is valid UTF-8 and gives an assigned, visible character, so ordinary accented text (`café`) is left
//! alone: a lone accented letter is never valid UTF-8.
//!
//! Strict decoders lose the bytes a code page does not define (windows-1252: 0x81 0x8D 0x8F 0x90 0x9D;
//! windows-1254 also 0x8E 0x9E): they are dropped or turn into `?`. A three- or four-byte sequence missing one
//! byte is restored only when exactly one character fits: the only assigned one, or else the only emoji (a
//! variation selector or joiner counts only right after an emoji). `âŒ` becomes ❌ (no other fill is an emoji),
//! but `ğŸ¯` stays as it is (🍯 🎯 🏯 🐯 all fit) and is reported as unrepaired.

use std::sync::OnceLock;

use encoding_rs::{Encoding, WINDOWS_1252, WINDOWS_1254};
use unicode_properties::{GeneralCategory, UnicodeEmoji, UnicodeGeneralCategory};

use crate::report::ReportBuilder;

/// Characters above this are never produced by the code pages tried.
const TABLE_LEN: usize = 0x2200;

/// A single-byte code page the text may have been misread with.
struct CodePage {
    name: &'static str,
    /// `byte_of[c]` is the byte that decodes to `c`, or 0.
    byte_of: Vec<u8>,
    /// Bytes the code page does not define, which strict decoders lose.
    undefined: Vec<u8>,
}

impl CodePage {
    fn from_encoding(encoding: &'static Encoding) -> Self {
        let mut byte_of = vec![0u8; TABLE_LEN];
        let mut undefined = Vec::new();
        for byte in 0x80u8..=0xFF {
            let single = [byte];
            let (text, _) = encoding.decode_without_bom_handling(&single);
            if let Some(c) = text.chars().next() {
                if let Some(slot) = byte_of.get_mut(c as usize) {
                    *slot = byte;
                }
                // WHATWG maps an undefined byte to the C1 control of the same number.
                if c as u32 == u32::from(byte) && (0x80..0xA0).contains(&byte) {
                    undefined.push(byte);
                }
            }
        }
        CodePage { name: encoding.name(), byte_of, undefined }
    }

    fn latin1() -> Self {
        let mut byte_of = vec![0u8; TABLE_LEN];
        for byte in 0x80u8..=0xFF {
            byte_of[usize::from(byte)] = byte;
        }
        CodePage { name: "ISO-8859-1", byte_of, undefined: Vec::new() }
    }

    fn byte(&self, c: char) -> Option<u8> {
        self.byte_of.get(c as usize).copied().filter(|&b| b != 0)
    }
}

fn code_pages() -> &'static [CodePage; 3] {
    static PAGES: OnceLock<[CodePage; 3]> = OnceLock::new();
    PAGES.get_or_init(|| {
        [CodePage::from_encoding(WINDOWS_1252), CodePage::from_encoding(WINDOWS_1254), CodePage::latin1()]
    })
}

fn in_any_page(pages: &[CodePage; 3], c: char) -> bool {
    pages.iter().any(|p| p.byte(c).is_some())
}

/// Returns `text` with mojibake repaired, recording every repair (and what was left) in `report`.
pub(crate) fn repair(text: &str, report: &mut ReportBuilder) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let pages = code_pages();
    let mut out = String::with_capacity(text.len());
    let mut line = 1u32;
    let mut copied = 0;
    let mut chars = text.char_indices().peekable();
    let mut run: Vec<char> = Vec::new();
    while let Some((start, c)) = chars.next() {
        if c == '\n' {
            line = line.saturating_add(1);
            continue;
        }
        if c.is_ascii() || !in_any_page(pages, c) {
            continue;
        }
        run.clear();
        run.push(c);
        let mut end = start + c.len_utf8();
        while let Some(&(at, next)) = chars.peek() {
            if next == '?' || (!next.is_ascii() && in_any_page(pages, next)) {
                run.push(next);
                end = at + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        if let Some(fixed) = repair_run(pages, &run, line, report) {
            out.push_str(&text[copied..start]);
            out.push_str(&fixed);
            copied = end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// What one stretch of a run became.
#[derive(Debug)]
enum Piece {
    /// Left as it was (not mojibake).
    Keep(usize),
    /// Chars `from..to` were the UTF-8 bytes of `ch`.
    Fixed { from: usize, to: usize, ch: char, lost: bool },
    /// Chars `from..to` lost a byte; these characters fit (settled after the whole run is read).
    Lossy { from: usize, to: usize, candidates: Vec<char> },
    /// Chars `from..to` lost a byte and several characters fit.
    Ambiguous { from: usize, to: usize, candidates: Vec<char> },
    /// A two-byte lead whose second byte was lost: reported only when the run is mojibake elsewhere.
    Lone { from: usize, to: usize },
}

fn repair_run(pages: &[CodePage; 3], run: &[char], line: u32, report: &mut ReportBuilder) -> Option<String> {
    let mut best: Option<(usize, usize, &CodePage, Vec<Piece>)> = None;
    for page in pages {
        let Some(bytes) =
            run.iter().map(|&c| if c == '?' { Some(b'?') } else { page.byte(c) }).collect::<Option<Vec<u8>>>()
        else {
            continue;
        };
        let pieces = walk(&bytes, &page.undefined);
        let fixed = pieces.iter().filter(|p| matches!(p, Piece::Fixed { .. })).count();
        // A lost byte where only letters fit (`café»` reads as a CJK character short of a byte) is no evidence.
        let ambiguous = pieces
            .iter()
            .filter(
                |p| matches!(p, Piece::Ambiguous { candidates, .. } if candidates.iter().any(|c| c.is_emoji_char())),
            )
            .count();
        if fixed + ambiguous == 0 {
            continue;
        }
        let better = match &best {
            None => true,
            Some((f, a, _, _)) => fixed > *f || (fixed == *f && ambiguous < *a),
        };
        if better {
            best = Some((fixed, ambiguous, page, pieces));
        }
    }
    let (fixed_count, _, page, pieces) = best?;
    let mut out = String::with_capacity(run.len() * 2);
    let text = |from: usize, to: usize| run.get(from..to).unwrap_or_default().iter().collect::<String>();
    for piece in pieces {
        match piece {
            Piece::Keep(i) => out.extend(run.get(i)),
            Piece::Fixed { from, to, ch, lost } => {
                report.repaired(&text(from, to), ch.encode_utf8(&mut [0; 4]), page.name, lost, line);
                out.push(ch);
            }
            Piece::Ambiguous { from, to, candidates } | Piece::Lossy { from, to, candidates } => {
                let found = text(from, to);
                if fixed_count > 0 || candidates.iter().any(|c| c.is_emoji_char()) {
                    report.unrepaired(&found, || ambiguity(page.name, &candidates), line);
                }
                out.push_str(&found);
            }
            Piece::Lone { from, to } => {
                let found = text(from, to);
                if fixed_count > 0 {
                    let why = || format!("misread as {}, with its second byte lost: too many letters fit", page.name);
                    report.unrepaired(&found, why, line);
                }
                out.push_str(&found);
            }
        }
    }
    Some(out)
}

fn ambiguity(page: &str, candidates: &[char]) -> String {
    let shown: String = candidates.iter().take(8).flat_map(|&c| [c, ' ']).collect();
    if candidates.is_empty() {
        format!("misread as {page}, with a byte lost: no character fits")
    } else {
        format!("misread as {page}, with a byte lost: {} characters fit ({})", candidates.len(), shown.trim_end())
    }
}

fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 0,
    }
}

fn is_continuation(b: u8) -> bool {
    (0x80..0xC0).contains(&b)
}

/// Reads the bytes of one run as UTF-8, sequence by sequence, then settles the sequences that lost a byte.
fn walk(bytes: &[u8], undefined: &[u8]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let need = utf8_len(bytes[i]);
        if need == 0 {
            pieces.push(Piece::Keep(i));
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len() && j - i < need && (is_continuation(bytes[j]) || bytes[j] == b'?') {
            j += 1;
        }
        let seq = &bytes[i..j];
        let placeholders = seq.iter().filter(|&&b| b == b'?').count();
        if seq.len() == need && placeholders == 0 {
            match std::str::from_utf8(seq).ok().and_then(|s| s.chars().next()).filter(|&c| visible(c)) {
                Some(ch) => {
                    pieces.push(Piece::Fixed { from: i, to: j, ch, lost: false });
                    i = j;
                }
                None => {
                    pieces.push(Piece::Keep(i));
                    i += 1;
                }
            }
            continue;
        }
        // One byte lost: a placeholder `?` stands for it, or it was dropped. Only three- and four-byte sequences
        // that kept at least one continuation byte are tried: a lone lead byte could be any letter.
        let mut lossy = None;
        if need >= 3 && !undefined.is_empty() {
            if seq.len() == need && placeholders == 1 && seq[1..].iter().any(|&b| b != b'?') {
                lossy = Some((fill(seq, need, undefined), j)).filter(|(c, _)| !c.is_empty());
            }
            let dropped = if placeholders == 0 { seq } else { &seq[..seq.len() - 1] };
            if lossy.is_none() && dropped.len() == need - 1 && dropped.len() >= 2 && !dropped.contains(&b'?') {
                lossy = Some((fill(dropped, need, undefined), i + dropped.len()));
            }
        }
        match lossy {
            Some((candidates, end)) => {
                pieces.push(Piece::Lossy { from: i, to: end, candidates });
                i = end;
            }
            None if need == 2 && (seq.len() == 1 || placeholders == 1) => {
                pieces.push(Piece::Lone { from: i, to: j });
                i = j;
            }
            None => {
                pieces.push(Piece::Keep(i));
                i += 1;
            }
        }
    }
    for k in 0..pieces.len() {
        if let Piece::Lossy { from, to, candidates } = &pieces[k] {
            let fixed_char = |p: Option<&Piece>| match p {
                Some(Piece::Fixed { ch, .. }) => Some(*ch),
                _ => None,
            };
            let before = k.checked_sub(1).and_then(|p| pieces.get(p));
            let prev = fixed_char(before);
            let next = fixed_char(pieces.get(k + 1));
            // An emoji that could not be settled is still an emoji: a variation selector may follow it.
            let after_emoji = match before {
                Some(Piece::Fixed { ch, .. }) => ch.is_emoji_char(),
                Some(Piece::Ambiguous { candidates, .. }) => candidates.iter().any(|c| c.is_emoji_char()),
                _ => false,
            };
            let (from, to) = (*from, *to);
            pieces[k] = match settle(candidates, prev, next, after_emoji) {
                Some(ch) => Piece::Fixed { from, to, ch, lost: true },
                None => Piece::Ambiguous { from, to, candidates: candidates.clone() },
            };
        }
    }
    pieces
}

/// Every character that the sequence gives with one lost byte put back at any place it could have been.
fn fill(seq: &[u8], need: usize, undefined: &[u8]) -> Vec<char> {
    let mut candidates: Vec<char> = Vec::new();
    let mut consider = |bytes: &[u8]| {
        if let Some(c) = std::str::from_utf8(bytes).ok().and_then(|s| s.chars().next()).filter(|&c| visible(c)) {
            if !candidates.contains(&c) {
                candidates.push(c);
            }
        }
    };
    let mut buf = [0u8; 4];
    if let Some(at) = seq.iter().position(|&b| b == b'?') {
        for &lost in undefined {
            buf[..need].copy_from_slice(seq);
            buf[at] = lost;
            consider(&buf[..need]);
        }
    } else {
        for at in 1..need {
            for &lost in undefined {
                buf[..at].copy_from_slice(&seq[..at]);
                buf[at] = lost;
                buf[at + 1..need].copy_from_slice(&seq[at..]);
                consider(&buf[..need]);
            }
        }
    }
    candidates
}

/// The one character that fits, if there is one: the only candidate; else a repaired neighbour repeated
/// (⭐⭐⭐, ───); else, when a repaired neighbour is of the same family (box drawing beside box drawing), the only
/// candidate of that family; else the only emoji (a variation selector or joiner only right after an emoji).
fn settle(candidates: &[char], prev: Option<char>, next: Option<char>, after_emoji: bool) -> Option<char> {
    if let [only] = candidates {
        return Some(*only);
    }
    if let Some(repeated) = [prev, next].into_iter().flatten().find(|c| candidates.contains(c)) {
        return Some(repeated);
    }
    let family = |c: char| c as u32 >> 7;
    let kin: Vec<char> = candidates
        .iter()
        .copied()
        .filter(|&c| prev.is_some_and(|p| family(p) == family(c)) || next.is_some_and(|n| family(n) == family(c)))
        .collect();
    if !kin.is_empty() {
        return if let [only] = kin.as_slice() { Some(*only) } else { None };
    }
    // `is_emoji_component` in unicode-properties 0.1.5 misses FE0F and 200D, hence `…_or_emoji_component`.
    let emoji: Vec<char> = candidates
        .iter()
        .copied()
        .filter(|&c| c.is_emoji_char() || (after_emoji && c.is_emoji_char_or_emoji_component()))
        .collect();
    if let [only] = emoji.as_slice() {
        Some(*only)
    } else {
        None
    }
}

/// An assigned character that is not a control, a private-use or a surrogate code point.
fn visible(c: char) -> bool {
    !matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Unassigned
            | GeneralCategory::PrivateUse
            | GeneralCategory::Surrogate
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &str) -> (String, runsheet_core::EncodingReport) {
        let mut report = ReportBuilder::new("UTF-8", false);
        let out = repair(text, &mut report);
        (out, report.finish())
    }

    #[test]
    fn windows_1252_and_1254_emoji_are_repaired() {
        assert_eq!(fix("ðŸš€ Launch").0, "🚀 Launch");
        assert_eq!(fix("ğŸš€ Launch").0, "🚀 Launch");
        assert_eq!(fix("âœ… done, âœ“ ok, Blueâ†’Green").0, "✅ done, ✓ ok, Blue→Green");
        let (text, report) = fix("## ğŸ“‹ EXECUTIVE SUMMARY\nâ”Œâ”€â”€â”\n");
        // ┐ is E2 94 90 and 0x90 was lost: ━ ┍ ┏ ┐ ┝ ┞ all fit beside a ─, so it stays.
        assert_eq!(text, "## 📋 EXECUTIVE SUMMARY\n┌──â”\n");
        assert_eq!((report.repaired_total, report.unrepaired[0].text.as_str()), (4, "â”"));
        let dash = report.repaired.iter().find(|r| r.repaired == "─").unwrap();
        assert_eq!((dash.count, dash.lines.clone(), dash.code_page.as_str()), (2, vec![2], "windows-1252"));
        assert_eq!(report.repaired[0].code_page, "windows-1254");
    }

    #[test]
    fn a_lost_byte_is_restored_only_when_one_emoji_fits() {
        // ❌ is E2 9D 8C; 0x9D is undefined in windows-1252, so a strict decoder dropped it.
        assert_eq!(fix("âŒ Halt").0, "❌ Halt");
        // ⚠️ is E2 9A A0 + EF B8 8F: the variation selector lost its 0x8F.
        assert_eq!(fix("âš\u{a0}ï¸ CRITICAL").0, "⚠\u{fe0f} CRITICAL");
        // ⏸️ lost both 0x8F bytes.
        assert_eq!(fix("â¸ï¸ EMERGENCY").0, "⏸\u{fe0f} EMERGENCY");
        // As a `?` instead of dropped.
        assert_eq!(fix("â?Œ Halt").0, "❌ Halt");
        // 🎯 lost 0x8E: 🍯 🎯 🏯 🐯 all fit, so it stays and is reported.
        let (text, report) = fix("## ğŸ¯ OBJECTIVES\n\nâœ…");
        assert_eq!(text, "## ğŸ¯ OBJECTIVES\n\n✅");
        assert_eq!(report.unrepaired_total, 1);
        let left = &report.unrepaired[0];
        assert_eq!((left.text.as_str(), left.lines.clone()), ("ğŸ¯", vec![1]));
        assert!(left.reason.contains("🎯") && left.reason.contains("🐯"), "{}", left.reason);
    }

    #[test]
    fn cyrillic_read_as_latin_is_repaired_and_lost_letters_reported() {
        assert_eq!(fix("ÐŸÑ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€").0, "Привет мир");
        // Read as true ISO-8859-1: C1 controls instead of windows-1252 punctuation.
        assert_eq!(fix("Ð\u{9f}Ñ\u{80}Ð¸Ð²ÐµÑ\u{82}").0, "Привет");
        // `с` is D1 81 and 0x81 is undefined: `Ñ` alone stays, and is reported.
        let (text, report) = fix("ÐŸÑ€Ð¸Ð²ÐµÑ‚ Ð²ÑÐµÐ¼");
        assert_eq!(text, "Привет вÑем");
        assert_eq!(report.unrepaired[0].text, "Ñ");
    }

    proptest::proptest! {
        /// Text garbled through windows-1252 or windows-1254 (WHATWG decoders, which lose no byte) comes back whole.
        #[test]
        fn garbled_text_round_trips(text in "([a-z ?.]|[é€ñüß]|[а-яА-Я]|[─┐│]|[✅❌⚠→]|[🚀🎯📞🍯]|\u{fe0f}){0,40}") {
            for page in [WINDOWS_1252, WINDOWS_1254] {
                let (garbled, _) = page.decode_without_bom_handling(text.as_bytes());
                let (out, report) = fix(&garbled);
                proptest::prop_assert_eq!(&out, &text, "{}", page.name());
                proptest::prop_assert_eq!(report.unrepaired_total, 0);
            }
        }

        /// Repair never panics and never touches ASCII.
        #[test]
        fn any_text_keeps_its_ascii(text in proptest::prelude::any::<String>()) {
            let (out, _) = fix(&text);
            let ascii = |s: &str| s.chars().filter(|c| c.is_ascii() && *c != '?').collect::<String>();
            proptest::prop_assert_eq!(ascii(&out), ascii(&text));
        }
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        let samples = ["café, naïve, Ça va? Ñandú, São Paulo", "Größe: 5 µm ± 2 °C", "✅ 🚀 日本語", "¿qué?", "café»"];
        for text in samples {
            let (out, report) = fix(text);
            assert_eq!(out, text);
            assert_eq!((report.repaired_total, report.unrepaired_total), (0, 0), "{text}");
        }
    }
}
