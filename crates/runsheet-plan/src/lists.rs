//! Lists to steps, groups and criteria.
//!
//! - A task item (`- [ ]`, `- [x]`) is always a step, with its ticked state; task items nested under it are steps
//!   of their own, right after it; other nested items, paragraphs and tables are its instructions; code blocks in
//!   it are its commands.
//! - A plain item is a step too when the list is a checklist: under a checklist-like heading or lead-in
//!   (Checklist, Pre-flight, Verification, Tasks, Steps…), beside task items, or holding a code block.
//! - A plain item that holds task items is a group: a sub-phase titled by the item.
//! - Under a GO / NO-GO or success-criteria heading (or lead-in), plain items are criteria.
//! - Other plain items stay in the notes as written.

use runsheet_core::{ImportedPhase, ImportedStep, StepCommand};

use crate::outline::Kind;
use crate::sections::{Builder, Context, Decision, Listed, SectionOut};
use crate::title::is_decoration;

/// Nesting of list items read as structure; deeper items are instructions as written.
const MAX_ITEM_DEPTH: usize = 16;

impl Builder<'_> {
    /// Reads a list; `false` when nothing in it was a step, a group or a criterion (it then stays in the notes).
    pub(crate) fn list(&mut self, list: usize, context: Context, lead: Option<&str>, out: &mut SectionOut) -> bool {
        let o = self.o;
        let items: Vec<usize> = o.node(list).children.clone();
        let any_tasks = items.iter().any(|&i| self.has_tasks(i));
        if !any_tasks {
            if let Some(go) = context.go {
                return self.criteria(&items, go, lead, out);
            }
            if context.success {
                for &item in &items {
                    self.flat_texts(item, 0, &mut |b, text| b.add(Listed::Success, text));
                }
                return true;
            }
        }
        let checklist = context.checklist
            || items.iter().any(|&i| is_task(&o.node(i).kind))
            || items.iter().any(|&i| o.node(i).children.iter().any(|&c| is_fenced(&o.node(c).kind)));
        let mut left = Vec::new();
        let mut consumed = false;
        for &item in &items {
            if is_task(&o.node(item).kind) || (checklist && !self.has_tasks(item)) {
                let steps = self.steps_of(item, 0);
                out.steps.extend(steps);
                consumed = true;
            } else if self.has_tasks(item) {
                let group = self.group(item, 0);
                out.groups.push(group);
                consumed = true;
            } else {
                left.push(o.source_of(item));
            }
        }
        if consumed && !left.is_empty() {
            if let Some(lead) = lead {
                out.notes.push(lead.to_string());
            }
            out.notes.push(left.join("\n"));
        }
        consumed
    }

    /// GO / NO-GO items; with `Both`, each item's ✅ or ❌ decides, and undecided items stay in the notes.
    fn criteria(&mut self, items: &[usize], go: Decision, lead: Option<&str>, out: &mut SectionOut) -> bool {
        let mut left = Vec::new();
        let mut consumed = false;
        for &item in items {
            let raw = self.o.lead_text(item);
            let which = match go {
                Decision::Both => go_mark(&raw),
                other => Some(other),
            };
            match which {
                Some(Decision::NoGo) => {
                    self.flat_texts(item, 0, &mut |b, text| b.add(Listed::NoGo, text));
                    consumed = true;
                }
                Some(_) => {
                    self.flat_texts(item, 0, &mut |b, text| b.add(Listed::Go, text));
                    consumed = true;
                }
                None => left.push(self.o.source_of(item)),
            }
        }
        if consumed && !left.is_empty() {
            out.notes.extend(lead.map(str::to_string));
            out.notes.push(left.join("\n"));
        }
        consumed
    }

    /// The tidied text of an item and of every item nested in it, in order.
    fn flat_texts(&mut self, item: usize, depth: usize, push: &mut dyn FnMut(&mut Self, String)) {
        let text = self.tidy(&self.o.lead_text(item));
        if !text.is_empty() {
            push(self, text);
        }
        if depth >= MAX_ITEM_DEPTH {
            return;
        }
        let o = self.o;
        for &child in &o.node(item).children {
            if matches!(o.node(child).kind, Kind::List { .. }) {
                for &sub in &o.node(child).children {
                    self.flat_texts(sub, depth + 1, push);
                }
            }
        }
    }

    /// A step for the item, followed by steps for the task items nested in it.
    fn steps_of(&mut self, item: usize, depth: usize) -> Vec<ImportedStep> {
        let o = self.o;
        let node = o.node(item);
        let line = o.line(node.range.start);
        let raw = o.lead_text(item);
        let mut step = ImportedStep {
            title: self.tidy(&raw),
            done: node.kind == Kind::Item { task: Some(true) },
            line,
            ..ImportedStep::default()
        };
        let mut instructions = Vec::new();
        let mut extra = Vec::new();
        self.absorb_children(item, depth, &mut instructions, &mut step.commands, &mut extra);
        step.instructions = instructions.join("\n");
        if step.title.is_empty() {
            step.title =
                if raw.trim().is_empty() { format!("Untitled step (line {line})") } else { raw.trim().to_string() };
            if raw.trim().is_empty() {
                self.warn(line, "a list item has no text; it was named `Untitled step`");
            }
        }
        let mut steps = vec![step];
        steps.extend(extra);
        steps
    }

    /// The parts of an item after its first line: nested task items become `extra` steps, code blocks commands,
    /// the rest instructions (Markdown as written).
    fn absorb_children(
        &mut self,
        item: usize,
        depth: usize,
        instructions: &mut Vec<String>,
        commands: &mut Vec<StepCommand>,
        extra: &mut Vec<ImportedStep>,
    ) {
        let o = self.o;
        let node = o.node(item);
        let mut skipped_lead = !node.text.trim().is_empty();
        for &child in &node.children {
            let c = o.node(child);
            match &c.kind {
                Kind::Paragraph if !skipped_lead => skipped_lead = true,
                Kind::Code { fenced: true, language } => commands.push(StepCommand {
                    label: String::new(),
                    command: c.text.trim_end_matches(['\n', '\r']).to_string(),
                    language: language.clone(),
                }),
                Kind::List { .. } if depth < MAX_ITEM_DEPTH => {
                    for &sub in &c.children {
                        if is_task(&o.node(sub).kind) {
                            let steps = self.steps_of(sub, depth + 1);
                            extra.extend(steps);
                        } else if self.has_tasks(sub)
                            || o.node(sub).children.iter().any(|&g| is_fenced(&o.node(g).kind))
                        {
                            instructions.push(format!("- {}", o.lead_text(sub)));
                            self.absorb_children(sub, depth + 1, instructions, commands, extra);
                        } else {
                            instructions.push(o.source_of(sub));
                        }
                    }
                }
                _ => instructions.push(o.source_of(child)),
            }
        }
    }

    /// A plain item holding task items: a sub-phase titled by the item.
    fn group(&mut self, item: usize, depth: usize) -> ImportedPhase {
        let o = self.o;
        let node = o.node(item);
        let original = o.lead_text(item);
        let line = o.line(node.range.start);
        let mut title = self.tidy(&original);
        if title.is_empty() {
            title = format!("Untitled group (line {line})");
        }
        let mut phase = ImportedPhase { title, original_title: original, line, ..ImportedPhase::default() };
        let mut notes = Vec::new();
        let mut skipped_lead = !node.text.trim().is_empty();
        for &child in &node.children {
            let c = o.node(child);
            match &c.kind {
                Kind::Paragraph if !skipped_lead => skipped_lead = true,
                Kind::Code { fenced: true, language } => phase.commands.push(StepCommand {
                    label: String::new(),
                    command: c.text.trim_end_matches(['\n', '\r']).to_string(),
                    language: language.clone(),
                }),
                Kind::List { .. } if depth < MAX_ITEM_DEPTH => {
                    for &sub in &c.children {
                        if is_task(&o.node(sub).kind) {
                            let steps = self.steps_of(sub, depth + 1);
                            phase.steps.extend(steps);
                        } else if self.has_tasks(sub) {
                            let group = self.group(sub, depth + 1);
                            phase.phases.push(group);
                        } else {
                            notes.push(o.source_of(sub));
                        }
                    }
                }
                _ => notes.push(o.source_of(child)),
            }
        }
        phase.notes = notes.join("\n");
        phase
    }

    /// Whether a task item is nested anywhere in this item (not the item itself).
    fn has_tasks(&self, item: usize) -> bool {
        let o = self.o;
        let mut stack: Vec<usize> = o.node(item).children.clone();
        while let Some(id) = stack.pop() {
            let node = o.node(id);
            if is_task(&node.kind) {
                return true;
            }
            if matches!(node.kind, Kind::List { .. } | Kind::Item { .. }) {
                stack.extend(node.children.iter().copied());
            }
        }
        false
    }
}

fn is_task(kind: &Kind) -> bool {
    matches!(kind, Kind::Item { task: Some(_) })
}

fn is_fenced(kind: &Kind) -> bool {
    matches!(kind, Kind::Code { fenced: true, .. })
}

/// ✅ ✓ ✔ mark a go item; ❌ ✗ ✘ 🚫 ⛔ a no-go item.
fn go_mark(text: &str) -> Option<Decision> {
    let first = text.trim_start().chars().find(|&c| is_decoration(c) || !c.is_whitespace())?;
    match first {
        '✅' | '✓' | '✔' | '☑' | '🟢' => Some(Decision::Go),
        '❌' | '✗' | '✘' | '🚫' | '⛔' | '🔴' | '❎' => Some(Decision::NoGo),
        _ => None,
    }
}
