//! Markdown go-live plans imported as runbooks, so nobody retypes them.
//!
//! [`import_bytes`] reads a file's bytes into an [`ImportedPlan`] (the preview the app shows and
//! `runsheet import FILE --json` prints); [`to_runbook`] turns that into a [`Runbook`] the store can save.
//!
//! 1. **Bytes to text** (`decode`): a BOM decides; else UTF-8; UTF-8 with stray legacy bytes reads them as
//!    windows-1252; a file with no UTF-8 at all is decoded in the code page `chardetng` guesses. NUL bytes or
//!    mostly control characters are refused as binary.
//! 2. **Mojibake** (`mojibake`): runs of text that were UTF-8 decoded with a Windows code page (`ðŸš€`, `âœ…`,
//!    `ğŸš€`) are re-encoded and read as UTF-8, run by run, only where that gives clean UTF-8; bytes the wrong
//!    decoding lost are restored only where a single character fits. Every repair, and what was left, is reported.
//! 3. **Markdown** (`outline`): pulldown-cmark with GFM tables and task lists, into a flat tree of blocks.
//! 4. **Plan** (`sections`, `lists`, `rows`): headings become phases, task items and checklist bullets steps,
//!    code blocks commands, timeline tables steps with times, owners and durations, sign-off tables the roles of a
//!    final gate, GO / NO-GO lists and metric tables criteria; anything else is kept as notes.
//!
//! 5. **Proposal** (`proposal`): which section is the go-live's procedure, and what becomes of the rest
//!    (preparation, follow-up, notes, the rollback plan); headings' durations and the maintenance window.
//!
//! [`scorecard::scorecard_rules`] reads the same plan as readiness scorecard rules.
//!
//! Nothing panics or hangs on hostile input: nesting is bounded, the tree is an arena, and files past 64 MiB are
//! refused.
#![deny(missing_docs)]

mod decode;
mod error;
mod lists;
mod mojibake;
mod outline;
mod proposal;
mod report;
mod rows;
mod runbook;
mod schedule;
pub mod scorecard;
mod sections;
mod table;
mod title;

pub use error::{ImportError, Result};
pub use runbook::{to_runbook, to_runbooks};
pub use runsheet_core::{
    EncodingReport, ImportChoices, ImportedPhase, ImportedPlan, ImportedStep, Repair, Runbook, SectionUse, Unrepaired,
};

/// Reads a Markdown plan from its bytes. `file_name` names the file in errors and becomes the title when the plan
/// has no top heading.
///
/// Errors only when the bytes cannot be a plan: empty, binary, or larger than 64 MiB. Everything else (garbled
/// characters, times that do not parse) is repaired or reported in [`ImportedPlan::encoding`] and
/// [`ImportedPlan::warnings`].
pub fn import_bytes(bytes: &[u8], file_name: &str) -> Result<ImportedPlan> {
    let span = tracing::info_span!("import_plan", file = %file_name, bytes = bytes.len());
    let _entered = span.enter();
    let decoded = decode::decode(bytes, file_name).inspect_err(|e| tracing::warn!(error = %e, "refused"))?;
    let mut report = decoded.report;
    let text = mojibake::repair(&decoded.text, &mut report);
    let encoding = report.finish();
    let leftovers = encoding.unrepaired.iter().map(|u| u.text.clone()).collect();
    let outline = outline::Outline::parse(&text);
    let mut plan = sections::Builder::new(&outline, file_name, leftovers).build();
    plan.encoding = encoding;
    proposal::propose(&mut plan);
    tracing::info!(
        phases = plan.all_phases().len(),
        steps = plan.step_count(),
        encoding = %plan.encoding.detected,
        repaired = plan.encoding.repaired_total,
        unrepaired = plan.encoding.unrepaired_total,
        "imported"
    );
    Ok(plan)
}

/// `plan.to_runbook()`: the same as [`to_runbook`].
pub trait ToRunbook {
    /// Turns an imported plan into a runbook that passes [`Runbook::validate`].
    fn to_runbook(&self) -> Runbook;
}

impl ToRunbook for ImportedPlan {
    fn to_runbook(&self) -> Runbook {
        to_runbook(self)
    }
}
