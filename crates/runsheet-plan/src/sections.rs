//! Headings to phases. The top heading (the only `#`) is the plan's title; every other heading opens a phase,
//! nested under the nearest heading of a higher level. The blocks under a heading are read in order: lists and
//! tables ([`crate::lists`], [`crate::rows`]), code blocks (commands), and everything else as the phase's notes.
//! A leaf heading named `Step …` that holds no task list becomes a step of its parent phase.

use std::collections::HashSet;

use runsheet_core::{ImportedPhase, ImportedPlan, ImportedStep, StepCommand};

use crate::outline::{Kind, Outline};
use crate::title::tidy;

/// Longest title a runbook accepts; longer ones are reported (and cut when saved).
pub(crate) const MAX_TITLE: usize = 200;

/// What the headings around a block say about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Context {
    pub(crate) go: Option<Decision>,
    pub(crate) success: bool,
    pub(crate) checklist: bool,
}

/// Which go/no-go list a heading or lead-in introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    Go,
    NoGo,
    /// `GO/NO-GO`: each item's ✅ or ❌ decides.
    Both,
}

/// What the blocks of one section gave.
#[derive(Debug, Default)]
pub(crate) struct SectionOut {
    pub(crate) steps: Vec<ImportedStep>,
    pub(crate) groups: Vec<ImportedPhase>,
    pub(crate) commands: Vec<StepCommand>,
    pub(crate) notes: Vec<String>,
}

impl SectionOut {
    pub(crate) fn notes_text(&self) -> String {
        self.notes.join("\n\n")
    }
}

pub(crate) struct Builder<'a> {
    pub(crate) o: &'a Outline<'a>,
    /// Garbled texts the encoding repair left, taken off titles.
    pub(crate) leftovers: Vec<String>,
    pub(crate) plan: ImportedPlan,
    /// Criteria and roles already in the plan, so a list of a million repeats stays linear.
    seen: HashSet<(Listed, String)>,
}

/// The plan-level lists that keep each entry once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Listed {
    Go,
    NoGo,
    Success,
    /// Compared in lowercase.
    SignOff,
}

struct Draft {
    heading: usize,
    level: u8,
    parent: Option<usize>,
    blocks: Vec<usize>,
    children: Vec<usize>,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(o: &'a Outline<'a>, file_name: &str, leftovers: Vec<String>) -> Self {
        let plan = ImportedPlan { file_name: file_name.to_string(), ..ImportedPlan::default() };
        Builder { o, leftovers, plan, seen: HashSet::new() }
    }

    /// Adds an entry to one of the plan's lists unless it is there already.
    pub(crate) fn add(&mut self, list: Listed, text: String) {
        let key = if list == Listed::SignOff { text.to_lowercase() } else { text.clone() };
        if !self.seen.insert((list, key)) {
            return;
        }
        match list {
            Listed::Go => self.plan.go_criteria.push(text),
            Listed::NoGo => self.plan.no_go_criteria.push(text),
            Listed::Success => self.plan.success_criteria.push(text),
            Listed::SignOff => self.plan.signoff_roles.push(text),
        }
    }

    pub(crate) fn tidy(&self, text: &str) -> String {
        tidy(text, &self.leftovers)
    }

    pub(crate) fn warn(&mut self, line: u32, message: impl std::fmt::Display) {
        if self.plan.warnings.len() < 500 {
            self.plan.warnings.push(format!("line {line}: {message}"));
        }
    }

    pub(crate) fn build(mut self) -> ImportedPlan {
        let o = self.o;
        let top = o.node(0).children.clone();
        let headings: Vec<usize> =
            top.iter().copied().filter(|&id| matches!(o.node(id).kind, Kind::Heading(_))).collect();
        let h1s = headings.iter().filter(|&&id| o.node(id).kind == Kind::Heading(1)).count();
        let title_heading = headings.first().copied().filter(|&id| o.node(id).kind == Kind::Heading(1) && h1s == 1);
        self.plan.title = match title_heading {
            Some(id) => self.tidy(&o.node(id).text),
            None => String::new(),
        };
        if self.plan.title.is_empty() {
            self.plan.title = title_from_file(&self.plan.file_name);
        }

        let mut preamble = Vec::new();
        let mut drafts: Vec<Draft> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for &id in &top {
            if Some(id) == title_heading {
                continue;
            }
            if let Kind::Heading(level) = o.node(id).kind {
                while open.last().is_some_and(|&d| drafts[d].level >= level) {
                    open.pop();
                }
                let parent = open.last().copied();
                let index = drafts.len();
                if let Some(p) = parent {
                    drafts[p].children.push(index);
                }
                drafts.push(Draft { heading: id, level, parent, blocks: Vec::new(), children: Vec::new() });
                open.push(index);
            } else if let Some(&d) = open.last() {
                drafts[d].blocks.push(id);
            } else {
                preamble.push(id);
            }
        }

        // The text before the first phase: plan notes; its steps, if any, get a phase named after the plan.
        let title_text = title_heading.map(|id| o.node(id).text.clone()).unwrap_or_default();
        let context = context_of(&[words(&title_text).as_str()]);
        let out = self.blocks(&preamble, context);
        self.plan.notes = out.notes_text();
        let mut phases = Vec::new();
        if !out.steps.is_empty() || !out.commands.is_empty() || !out.groups.is_empty() {
            let line = preamble.first().map_or(1, |&id| o.line(o.node(id).range.start));
            phases.push(ImportedPhase {
                title: self.plan.title.clone(),
                original_title: title_text,
                line,
                steps: out.steps,
                phases: out.groups,
                notes: String::new(),
                commands: out.commands,
                ..ImportedPhase::default()
            });
        }

        // Sections in document order, so a parent's own steps come before its `Step …` headings.
        let mut outs: Vec<Option<SectionOut>> = Vec::with_capacity(drafts.len());
        let heading_words: Vec<String> = drafts.iter().map(|d| words(&o.node(d.heading).text)).collect();
        for d in 0..drafts.len() {
            let mut titles = Vec::new();
            let mut at = Some(d);
            while let Some(i) = at {
                titles.push(heading_words[i].as_str());
                at = drafts[i].parent;
            }
            let blocks = std::mem::take(&mut drafts[d].blocks);
            let out = self.blocks(&blocks, context_of(&titles));
            let heading = o.node(drafts[d].heading);
            if let Some(p) =
                drafts[d].parent.filter(|_| drafts[d].children.is_empty() && is_step_heading(&heading.text))
            {
                if out.steps.is_empty() && out.groups.is_empty() {
                    let instructions = out.notes_text();
                    let step = ImportedStep {
                        title: self.tidy(&heading.text),
                        commands: out.commands,
                        instructions,
                        line: o.line(heading.range.start),
                        ..ImportedStep::default()
                    };
                    if let Some(Some(parent)) = outs.get_mut(p) {
                        parent.steps.push(step);
                    }
                    outs.push(None);
                    continue;
                }
            }
            outs.push(Some(out));
        }

        // Assemble bottom-up: children have higher indices than their parent.
        let mut built: Vec<Option<ImportedPhase>> = (0..drafts.len()).map(|_| None).collect();
        for d in (0..drafts.len()).rev() {
            let Some(out) = outs[d].take() else { continue };
            let heading = o.node(drafts[d].heading);
            let original = heading.text.trim().to_string();
            let mut title = self.tidy(&original);
            if title.is_empty() {
                title = if original.is_empty() { "Untitled phase".to_string() } else { original.clone() };
            }
            let line = o.line(heading.range.start);
            let notes = out.notes_text();
            let mut sub = out.groups;
            sub.extend(drafts[d].children.iter().filter_map(|&c| built[c].take()));
            built[d] = Some(ImportedPhase {
                title,
                original_title: original,
                line,
                steps: out.steps,
                phases: sub,
                notes,
                commands: out.commands,
                ..ImportedPhase::default()
            });
        }
        phases
            .extend(drafts.iter().enumerate().filter(|(_, d)| d.parent.is_none()).filter_map(|(i, _)| built[i].take()));
        self.plan.phases = phases;

        if let Some(at) = o.truncated_at {
            let line = o.line(at);
            let rest = o.source.get(at..).unwrap_or_default();
            self.warn(line, "the file has more blocks than a plan can hold; the rest is kept as notes");
            if !self.plan.notes.is_empty() {
                self.plan.notes.push_str("\n\n");
            }
            self.plan.notes.push_str(rest);
        }
        self.check_titles();
        self.plan
    }

    /// Reads the blocks of one section in order.
    pub(crate) fn blocks(&mut self, blocks: &[usize], context: Context) -> SectionOut {
        let mut out = SectionOut::default();
        let mut i = 0;
        while i < blocks.len() {
            let id = blocks[i];
            let node = self.o.node(id);
            if node.kind == Kind::Paragraph && is_lead(&node.text) {
                if let Some(&next) = blocks.get(i + 1) {
                    let lead = node.text.trim().to_string();
                    if self.structured(next, lead_context(context, &lead), Some(&lead), &mut out) {
                        i += 2;
                        continue;
                    }
                }
            }
            if node.kind != Kind::Rule && !self.structured(id, context, None, &mut out) {
                out.notes.push(self.o.source_of(id));
            }
            i += 1;
        }
        out
    }

    /// Reads a list, a table or a code block into `out`; `false` when it is none of those it understands.
    fn structured(&mut self, id: usize, context: Context, lead: Option<&str>, out: &mut SectionOut) -> bool {
        match &self.o.node(id).kind {
            Kind::Code { fenced: true, language } => {
                let label = lead.map(|l| self.tidy(l)).unwrap_or_default();
                let command = self.o.node(id).text.trim_end_matches(['\n', '\r']).to_string();
                out.commands.push(StepCommand { label, command, language: language.clone() });
                true
            }
            Kind::List { .. } => self.list(id, context, lead, out),
            Kind::Table => self.table(id, out),
            _ => false,
        }
    }

    /// Reports titles a runbook would not accept as they are.
    fn check_titles(&mut self) {
        let mut long = Vec::new();
        for (_, phase) in self.plan.all_phases() {
            if phase.title.chars().count() > MAX_TITLE {
                long.push((phase.line, "phase"));
            }
            for step in &phase.steps {
                if step.title.chars().count() > MAX_TITLE {
                    long.push((step.line, "step"));
                }
            }
        }
        for (line, what) in long {
            self.warn(line, format!("the {what} title is longer than {MAX_TITLE} characters; it is cut when saved"));
        }
    }
}

/// A short paragraph ending in a colon that introduces the block after it: `**Timeline:**`, `Usage:`.
fn is_lead(text: &str) -> bool {
    let text = text.trim();
    text.ends_with(':') && text.chars().count() <= 100 && !text.contains('\n')
}

/// `Step 1.1: Team Assembly`, `STEP 3 - Verify`.
fn is_step_heading(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    lower.strip_prefix("step").is_some_and(|rest| rest.starts_with(|c: char| c.is_whitespace() || c.is_ascii_digit()))
}

// Phrases as [`words`] writes them: lowercase words between single spaces.
const CHECKLIST_WORDS: [&str; 15] = [
    " checklist ",
    " check list ",
    " pre flight ",
    " preflight ",
    " verification ",
    " verify ",
    " validation ",
    " tasks ",
    " to do ",
    " todo ",
    " steps ",
    " procedure ",
    " actions ",
    " action items ",
    " checks ",
];
const STRONG_CHECKLIST_WORDS: [&str; 4] = [" checklist ", " check list ", " pre flight ", " preflight "];
const SUCCESS_WORDS: [&str; 6] = [
    " success criteria ",
    " success metrics ",
    " acceptance criteria ",
    " exit criteria ",
    " success measures ",
    " kpis ",
];

/// Lowercase words between single spaces, with a space at each end: `GO/NO-GO Criteria:` → ` go no go criteria `.
pub(crate) fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Reads what the titles of a section and its ancestors (nearest first, as [`words`]) say about its lists.
fn context_of(titles: &[&str]) -> Context {
    Context {
        go: titles.iter().find_map(|t| go_of(t)),
        success: titles.iter().any(|t| has_phrase(t, &SUCCESS_WORDS)),
        checklist: titles.first().is_some_and(|t| has_phrase(t, &CHECKLIST_WORDS))
            || titles.iter().skip(1).any(|t| has_phrase(t, &STRONG_CHECKLIST_WORDS)),
    }
}

/// A lead-in refines the context of the block it introduces: `**Success Criteria:**`, `Pre-flight checks:`.
fn lead_context(mut context: Context, lead: &str) -> Context {
    let lead = words(lead);
    if let Some(go) = go_of(&lead) {
        context.go = Some(go);
    }
    if has_phrase(&lead, &SUCCESS_WORDS) {
        context.success = true;
    }
    if has_phrase(&lead, &CHECKLIST_WORDS) {
        context.checklist = true;
    }
    context
}

fn has_phrase(words: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|phrase| words.contains(phrase))
}

/// `GO Criteria` → go, `NO-GO Decision` → no-go, `GO/NO-GO` → both; `Go-live` is not a go. Takes [`words`].
pub(crate) fn go_of(words: &str) -> Option<Decision> {
    if !words.contains(" go") {
        return None;
    }
    let text = words.replace(" go live ", " ").replace(" golive ", " ");
    let no_go = text.contains(" no go ") || text.contains(" nogo ");
    let go = text.replace(" no go ", " ").replace(" nogo ", " ").contains(" go ");
    match (go, no_go) {
        (true, true) => Some(Decision::Both),
        (false, true) => Some(Decision::NoGo),
        (true, false) => Some(Decision::Go),
        (false, false) => None,
    }
}

/// `swipesavvy-rollout-plan.md` → `Swipesavvy rollout plan`.
fn title_from_file(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let words = stem.replace(['-', '_'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Imported plan".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go(title: &str) -> Option<Decision> {
        go_of(&words(title))
    }

    fn context(titles: &[&str]) -> Context {
        let words: Vec<String> = titles.iter().map(|t| words(t)).collect();
        context_of(&words.iter().map(String::as_str).collect::<Vec<_>>())
    }

    #[test]
    fn go_and_no_go_headings() {
        assert_eq!(go("GO Criteria (ALL must be met)"), Some(Decision::Go));
        assert_eq!(go("NO-GO Criteria (ANY of these blocks deployment)"), Some(Decision::NoGo));
        assert_eq!(go("🎯 GO/NO-GO DECISION FRAMEWORK"), Some(Decision::Both));
        assert_eq!(go("No–go"), Some(Decision::NoGo));
        assert_eq!(go("Go-live checklist"), None);
        assert_eq!(go("Good to go"), Some(Decision::Go));
        assert_eq!(go("Google cloud"), None);
    }

    #[test]
    fn contexts_from_titles() {
        assert!(context(&["Pre-flight"]).checklist);
        assert!(context(&["Database", "Go-live checklist"]).checklist);
        assert!(!context(&["Contacts", "Deployment procedure"]).checklist);
        assert!(context(&["Rollback Success Criteria"]).success);
        assert_eq!(context(&["Technical Readiness", "GO Criteria", "GO/NO-GO"]).go, Some(Decision::Go));
        assert_eq!(words("GO/NO-GO Criteria:"), " go no go criteria ");
    }

    #[test]
    fn titles_from_file_names() {
        assert_eq!(title_from_file("plans/swipesavvy-rollout-plan.md"), "Swipesavvy rollout plan");
        assert_eq!(title_from_file(".md"), "Imported plan");
        assert_eq!(title_from_file(""), "Imported plan");
    }
}
