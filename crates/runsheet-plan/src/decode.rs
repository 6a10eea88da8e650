//! Bytes to text: a BOM decides first; then UTF-8; UTF-8 with a few stray legacy bytes keeps its UTF-8 and reads
//! the strays as windows-1252; a file with no UTF-8 at all is read in the code page `chardetng` guesses. Binary
//! data (NUL bytes, mostly control characters) is refused.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::report::ReportBuilder;
use crate::{ImportError, Result};

/// Larger than any plan: refused without reading further.
pub(crate) const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Share of control characters above which text is taken for binary data.
const MAX_CONTROL_SHARE: f64 = 0.10;

#[derive(Debug)]
pub(crate) struct Decoded {
    pub(crate) text: String,
    pub(crate) report: ReportBuilder,
}

pub(crate) fn decode(bytes: &[u8], file: &str) -> Result<Decoded> {
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge { file: file.to_string(), size: bytes.len(), limit: MAX_BYTES });
    }
    let decoded = if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom..).unwrap_or_default();
        if encoding == encoding_rs::UTF_8 {
            from_utf8(body)
        } else {
            let (text, _) = encoding.decode_without_bom_handling(body);
            Decoded { text: text.into_owned(), report: ReportBuilder::new(encoding.name(), true) }
        }
    } else if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        Decoded { text: text.into_owned(), report: ReportBuilder::new(encoding.name(), true) }
    } else {
        if let Some(at) = memchr_nul(bytes) {
            return Err(binary(file, format!("it holds NUL bytes (the first at byte {at})")));
        }
        from_utf8(bytes)
    };
    check_text(&decoded.text, file)?;
    Ok(decoded)
}

fn from_utf8(bytes: &[u8]) -> Decoded {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded { text: text.to_string(), report: ReportBuilder::new("UTF-8", false) };
    }
    let has_multibyte_utf8 = bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
    if has_multibyte_utf8 {
        utf8_with_strays(bytes)
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        Decoded { text: text.into_owned(), report: ReportBuilder::new(encoding.name(), true) }
    }
}

/// Mostly UTF-8 with some bytes that are not (a Latin-1 `é` pasted into a UTF-8 file): keep the UTF-8, read each
/// stray byte as windows-1252 and report it.
fn utf8_with_strays(bytes: &[u8]) -> Decoded {
    let mut report = ReportBuilder::new("UTF-8 with windows-1252 bytes", true);
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut line = 1u32;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        line = line.saturating_add(count_newlines(chunk.valid()));
        for &byte in chunk.invalid() {
            let single = [byte];
            let (read, _) = WINDOWS_1252.decode_without_bom_handling(&single);
            text.push_str(&read);
            report.repaired(&format!("\\x{byte:02X}"), &read, WINDOWS_1252.name(), false, line);
        }
    }
    Decoded { text, report }
}

/// UTF-16 without a BOM: every other byte NUL in the first 4 KiB, the rest mostly ASCII.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(4096))?;
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let text = |b: u8| b == b'\t' || b == b'\n' || b == b'\r' || (0x20..0x7f).contains(&b);
    let nul_even = head.chunks_exact(2).filter(|p| p[0] == 0 && text(p[1])).count();
    let nul_odd = head.chunks_exact(2).filter(|p| p[1] == 0 && text(p[0])).count();
    if nul_odd * 10 >= pairs * 9 {
        Some(UTF_16LE)
    } else if nul_even * 10 >= pairs * 9 {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn check_text(text: &str, file: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty { file: file.to_string() });
    }
    if let Some(at) = text.find('\0') {
        return Err(binary(file, format!("it holds NUL characters (the first at character {at})")));
    }
    let (mut total, mut control) = (0usize, 0usize);
    for c in text.chars().take(1 << 20) {
        total += 1;
        if (c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) || c == '\u{FFFD}' {
            control += 1;
        }
    }
    if total > 0 && control as f64 > total as f64 * MAX_CONTROL_SHARE {
        return Err(binary(file, format!("{control} of its first {total} characters are control characters")));
    }
    Ok(())
}

fn binary(file: &str, why: String) -> ImportError {
    ImportError::Binary { file: file.to_string(), why }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

pub(crate) fn count_newlines(s: &str) -> u32 {
    u32::try_from(s.bytes().filter(|&b| b == b'\n').count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> (String, String) {
        let d = decode(bytes, "plan.md").unwrap();
        let r = d.report.finish();
        (d.text, r.detected)
    }

    #[test]
    fn utf8_and_boms() {
        assert_eq!(text("# Go-live ✅\n".as_bytes()), ("# Go-live ✅\n".into(), "UTF-8".into()));
        assert_eq!(text(b"\xEF\xBB\xBF# Plan\n").0, "# Plan\n");
        let utf16: Vec<u8> = "\u{FEFF}# Plan é\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(text(&utf16), ("# Plan é\n".into(), "UTF-16LE".into()));
        let no_bom: Vec<u8> = "# Plan\n- [ ] step\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(text(&no_bom), ("# Plan\n- [ ] step\n".into(), "UTF-16BE".into()));
    }

    #[test]
    fn legacy_code_pages_are_detected() {
        let (t, enc) = text(b"# Mise en production\n- [ ] V\xE9rifier la sauvegarde du caf\xE9 \x80 10\n");
        assert!(t.contains("Vérifier") && t.contains("café € 10"), "{t}");
        assert_eq!(enc, "windows-1252");
    }

    #[test]
    fn stray_bytes_in_utf8_are_read_as_windows_1252_and_reported() {
        let d = decode(b"# Plan \xE2\x9C\x85\n\n- [ ] caf\xE9\n", "plan.md").unwrap();
        assert_eq!(d.text, "# Plan ✅\n\n- [ ] café\n");
        let r = d.report.finish();
        assert_eq!(r.detected, "UTF-8 with windows-1252 bytes");
        assert_eq!((r.repaired[0].original.as_str(), r.repaired[0].lines.clone()), ("\\xE9", vec![3]));
    }

    #[test]
    fn binary_and_empty_are_refused() {
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "shot.png").unwrap_err().to_string();
        assert_eq!(
            err,
            "shot.png is not a text file: it holds NUL bytes (the first at byte 8); import a Markdown (.md) plan"
        );
        assert!(matches!(decode(b" \n\t\n", "e.md"), Err(ImportError::Empty { .. })));
        assert!(matches!(decode(b"", "e.md"), Err(ImportError::Empty { .. })));
        let controls: Vec<u8> = (0..200u8).map(|i| if i % 3 == 0 { b'a' } else { 1 + i % 7 }).collect();
        assert!(matches!(decode(&controls, "x.md"), Err(ImportError::Binary { .. })));
    }
}
