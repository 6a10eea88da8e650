//! Collects repairs and unrepaired texts into an [`EncodingReport`], one entry per distinct text, with counts
//! and the first lines, so a 10 MB file of mojibake gives a report of bounded size.

use std::collections::HashMap;

use runsheet_core::{EncodingReport, Repair, Unrepaired};

/// Distinct entries kept per list.
const MAX_ENTRIES: usize = 200;
/// Line numbers kept per entry.
const MAX_LINES: usize = 10;

#[derive(Debug, Default)]
pub(crate) struct ReportBuilder {
    report: EncodingReport,
    repaired_at: HashMap<(String, String), usize>,
    unrepaired_at: HashMap<String, usize>,
}

impl ReportBuilder {
    pub(crate) fn new(detected: &str, transcoded: bool) -> Self {
        let report = EncodingReport { detected: detected.to_string(), transcoded, ..EncodingReport::default() };
        ReportBuilder { report, ..ReportBuilder::default() }
    }

    /// Records that `original` (found on `line`) was read as `repaired`.
    pub(crate) fn repaired(&mut self, original: &str, repaired: &str, code_page: &str, lost_byte: bool, line: u32) {
        self.report.repaired_total += 1;
        let key = (original.to_string(), repaired.to_string());
        if let Some(&i) = self.repaired_at.get(&key) {
            let entry = &mut self.report.repaired[i];
            entry.count += 1;
            push_line(&mut entry.lines, line);
        } else if self.report.repaired.len() < MAX_ENTRIES {
            self.repaired_at.insert(key, self.report.repaired.len());
            self.report.repaired.push(Repair {
                original: original.to_string(),
                repaired: repaired.to_string(),
                code_page: code_page.to_string(),
                restored_lost_byte: lost_byte,
                count: 1,
                lines: vec![line],
            });
        }
    }

    /// Records that `text` (found on `line`) looks garbled but was left as it was.
    pub(crate) fn unrepaired(&mut self, text: &str, reason: impl FnOnce() -> String, line: u32) {
        self.report.unrepaired_total += 1;
        if let Some(&i) = self.unrepaired_at.get(text) {
            let entry = &mut self.report.unrepaired[i];
            entry.count += 1;
            push_line(&mut entry.lines, line);
        } else if self.report.unrepaired.len() < MAX_ENTRIES {
            self.unrepaired_at.insert(text.to_string(), self.report.unrepaired.len());
            self.report.unrepaired.push(Unrepaired {
                text: text.to_string(),
                reason: reason(),
                count: 1,
                lines: vec![line],
            });
        }
    }

    pub(crate) fn finish(self) -> EncodingReport {
        self.report
    }
}

fn push_line(lines: &mut Vec<u32>, line: u32) {
    if lines.len() < MAX_LINES && lines.last() != Some(&line) {
        lines.push(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_by_text_and_bounds_the_lines() {
        let mut b = ReportBuilder::new("UTF-8", false);
        for line in 1..=30 {
            b.repaired("âœ…", "✅", "windows-1252", false, line);
            b.repaired("âœ…", "✅", "windows-1252", false, line);
        }
        b.unrepaired("ğŸ¯", || "ambiguous".into(), 4);
        let r = b.finish();
        assert_eq!((r.repaired_total, r.repaired.len()), (60, 1));
        assert_eq!(r.repaired[0].count, 60);
        assert_eq!(r.repaired[0].lines, (1..=10).collect::<Vec<_>>());
        assert_eq!((r.unrepaired_total, r.unrepaired[0].lines.clone()), (1, vec![4]));
    }
}
