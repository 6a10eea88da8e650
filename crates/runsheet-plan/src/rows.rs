//! Table rows to steps (timelines), sign-off roles and success criteria; see [`crate::table`] for how a table's
//! kind is told from its header.

use runsheet_core::ImportedStep;

use crate::outline::Kind;
use crate::schedule::{parse_duration, parse_planned};
use crate::sections::{Builder, Listed, SectionOut};
use crate::table::{classify, Columns, TableKind};

/// Other columns of a timeline row copied into the step's instructions.
const MAX_EXTRA_COLUMNS: usize = 20;
/// A week, the longest duration a runbook accepts.
const MAX_DURATION_MIN: u32 = 7 * 24 * 60;

impl Builder<'_> {
    /// Reads a table; `false` when it is not one of the kinds understood (it then stays in the notes).
    pub(crate) fn table(&mut self, table: usize, out: &mut SectionOut) -> bool {
        let o = self.o;
        let mut header: Vec<String> = Vec::new();
        let mut rows: Vec<usize> = Vec::new();
        for &child in &o.node(table).children {
            match o.node(child).kind {
                Kind::TableHead => header = self.cells(child),
                Kind::TableRow => rows.push(child),
                _ => {}
            }
        }
        match classify(&header) {
            TableKind::Timeline(cols) => {
                for &row in &rows {
                    if let Some(step) = self.timeline_step(row, &header, &cols) {
                        out.steps.push(step);
                    }
                }
                true
            }
            TableKind::SignOff(role) => {
                for &row in &rows {
                    let role = self.tidy(self.cells(row).get(role).map_or("", String::as_str));
                    if !role.is_empty() {
                        self.add(Listed::SignOff, role);
                    }
                }
                true
            }
            TableKind::Metrics(metric, target) => {
                for &row in &rows {
                    let cells = self.cells(row);
                    let name = self.tidy(cells.get(metric).map_or("", String::as_str));
                    let goal = cells.get(target).map_or("", |s| s.trim());
                    if name.is_empty() && goal.is_empty() {
                        continue;
                    }
                    let mut text = if goal.is_empty() { name } else { format!("{name}: {goal}") };
                    let extras: Vec<String> = header
                        .iter()
                        .zip(&cells)
                        .enumerate()
                        .filter(|(i, (_, v))| *i != metric && *i != target && !is_blank(v))
                        .map(|(_, (h, v))| (h.trim(), self.tidy(v)))
                        .filter(|(_, v)| !v.is_empty())
                        .take(MAX_EXTRA_COLUMNS)
                        .map(|(h, v)| format!("{h}: {v}"))
                        .collect();
                    if !extras.is_empty() {
                        text = format!("{text} ({})", extras.join("; "));
                    }
                    self.add(Listed::Success, text);
                }
                true
            }
            TableKind::Other => false,
        }
    }

    fn cells(&self, row: usize) -> Vec<String> {
        let o = self.o;
        o.node(row)
            .children
            .iter()
            .filter(|&&c| o.node(c).kind == Kind::TableCell)
            .map(|&c| o.node(c).text.trim().to_string())
            .collect()
    }

    fn timeline_step(&mut self, row: usize, header: &[String], cols: &Columns) -> Option<ImportedStep> {
        let cells = self.cells(row);
        if cells.iter().all(|c| is_blank(c)) {
            return None;
        }
        let line = self.o.line(self.o.node(row).range.start);
        let cell = |col: Option<usize>| col.and_then(|c| cells.get(c)).map(|s| s.trim()).filter(|s| !is_blank(s));
        let mut step = ImportedStep { line, ..ImportedStep::default() };
        let mut instructions = Vec::new();
        step.title = cell(cols.activity).map(|a| self.tidy(a)).unwrap_or_default();
        if step.title.is_empty() {
            step.title = format!("Untitled step (line {line})");
            self.warn(line, "a timeline row has no activity; it was named `Untitled step`");
        }
        let mut range_min = None;
        if let Some(time) = cell(cols.time) {
            match parse_planned(time) {
                Some(planned) => {
                    step.planned_time = Some(planned.at);
                    range_min = planned.range_min;
                }
                None => {
                    instructions.push(format!("**{}:** {time}", header_name(header, cols.time)));
                    self.warn(line, format!("`{time}` is not a time of day or an offset like T+30; kept in the step"));
                }
            }
        }
        step.owner = cell(cols.owner).map(|o| self.tidy(o)).filter(|o| !o.is_empty());
        if let Some(text) = cell(cols.duration) {
            match parse_duration(text) {
                Some(minutes) if minutes <= MAX_DURATION_MIN => step.duration_min = Some(minutes),
                Some(_) => {
                    instructions.push(format!("**{}:** {text}", header_name(header, cols.duration)));
                    self.warn(line, format!("duration `{text}` is longer than a week; kept in the step"));
                }
                None => instructions.push(format!("**{}:** {text}", header_name(header, cols.duration))),
            }
        }
        if step.duration_min.is_none() {
            step.duration_min = range_min;
        }
        let used = [cols.activity, cols.time, cols.owner, cols.duration];
        for (i, value) in
            cells.iter().enumerate().filter(|(i, v)| !used.contains(&Some(*i)) && !is_blank(v)).take(MAX_EXTRA_COLUMNS)
        {
            instructions.push(format!("**{}:** {}", header_name(header, Some(i)), value.trim()));
        }
        step.instructions = instructions.join("\n");
        Some(step)
    }
}

fn header_name(header: &[String], col: Option<usize>) -> String {
    col.and_then(|c| header.get(c))
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "Note".into())
}

/// Empty, or a dash or `n/a` standing for nothing.
fn is_blank(cell: &str) -> bool {
    matches!(cell.trim(), "" | "-" | "–" | "—" | "n/a" | "N/A" | "TBD" | "tbd")
}
